"""Per-language data for sentence segmentation: titles, abbreviations, quotes and labels.

The abbreviation lists under data/abbreviations come from sentencex (MIT, see the NOTICE
there); everything else here is written for this project. docs/adr/0015-languages.md
explains how each list is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["DEFAULT_LANGUAGE", "SUPPORTED_LANGUAGES", "Language", "is_supported", "language"]

DEFAULT_LANGUAGE = "en"
#: Languages with rules of their own, by primary BCP 47 subtag, with their English names.
SUPPORTED_LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "pt": "Portuguese",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "hi": "Hindi",
    "ar": "Arabic",
}
_DATA = Path(__file__).resolve().parent / "data" / "abbreviations"
_PRIMARY = re.compile(r"\s*([A-Za-z]{2,3})(?![A-Za-z])")


@dataclass(frozen=True)
class Language:
    """What the segmenter needs to know about one language."""

    code: str
    #: Words that never end a sentence before a capitalised word or a name: titles.
    titles: frozenset[str]
    #: Lower-cased abbreviations that do not end a sentence before a number.
    before_number: frozenset[str]
    #: Verbs of saying that make a following clause the attribution of a quotation.
    speech: str
    #: A reading-time label such as "4 min de lectura", number included.
    reading_label: str
    #: A literal every reading-time label holds, found first because str.find is fast.
    reading_word: str
    #: Words after "3." that make the number an ordinal (German dates: "am 3. Oktober").
    ordinal_nouns: frozenset[str]
    #: (opening, closing) quotation marks.
    quotes: tuple[tuple[str, str], ...]
    #: Whether the script has letter case (Devanagari and Arabic do not).
    cased: bool = True


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@cache
def _listed(code: str, everyday: str) -> frozenset[str]:
    """Return the sentencex abbreviations of code, lower-cased, without everyday words."""
    path = _DATA / f"{code}.txt"
    entries = {line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()}
    return frozenset(entries - _words(everyday) - {""})


_EN_TITLES = (
    "Mr Mrs Ms Mx Dr Prof Sen Sens Rep Reps Gov Gen Lt Col Capt Cmdr Adm Maj Sgt Cpl Pvt Rev"
    " Hon Pres Supt Det Insp Atty Amb Msgr Messrs Mt Ft vs v cf viz e.g i.e"
)
# Case matters in English ("No. 5" but "said no. 5 of them"); other languages also compare
# the lower-cased word. Company suffixes join this list: "Energy Inc. $480,000".
_EN_BEFORE_NUMBER = (
    "No Nos Nr Vol Fig Figs Art Sec Ch Approx approx Est est ca p pp"
    " Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Corp Co Ltd Jr Sr Bros Dept"
)
_LATIN_QUOTES = (("“", "”"), ('"', '"'), ("«", "»"), ("‹", "›"))

_LANGUAGES = {
    "en": Language(
        code="en",
        titles=_words(_EN_TITLES),
        before_number=_words(_EN_BEFORE_NUMBER),
        speech=(
            "said|says|asked|asks|told|tells|added|adds|wrote|writes|replied|replies|recalled"
            "|recalls|explained|explains|insisted|insists|noted|notes|argued|argues|continued"
            "|shouted|warned"
        ),
        reading_label=r"(?<!\d)\d{1,3}[\s-]*min(?:ute)?s?\.?\s+read(?![a-z])",
        reading_word="read",
        ordinal_nouns=frozenset(),
        quotes=(("“", "”"), ('"', '"'), ("«", "»")),
    ),
    "es": Language(
        code="es",
        titles=_words(
            _EN_TITLES + " Sr Sra Srta Sres Dra Lic Ing Arq Gral Cnel Tte Excmo Excma Ilmo"
            " Mons Pbro Av Avda Sto Sta EE Hnos sr sra srta dr dra lic ing gral a d"
        ),
        before_number=_words(_EN_BEFORE_NUMBER + " núm pág págs art cap ene abr ago dic")
        | _listed("es", "bien de en para sobre entre contra con un no mar may ante pro"),
        speech="dijo|afirmó|aseguró|explicó|añadió|señaló|declaró|indicó|advirtió|preguntó",
        reading_label=r"(?<!\d)\d{1,3}\s*min(?:utos?)?\.?\s+de\s+lectura|[Ll]ectura:?\s+\d{1,3}\s*min\.?",
        reading_word="ectura",
        ordinal_nouns=frozenset(),
        quotes=_LATIN_QUOTES,
    ),
    "pt": Language(
        code="pt",
        titles=_words(
            _EN_TITLES + " Sr Sra Srta Dra Eng Cel Ten Gen Exmo Exma Av Sto Sta sr sra dr dra a d"
        ),
        before_number=_words(
            _EN_BEFORE_NUMBER + " n nº núm pág art cap fev abr mai ago set out dez"
        )
        | _listed("pt", "con ex"),
        speech="disse|afirmou|declarou|explicou|acrescentou|contou|lembrou|perguntou|garantiu",
        reading_label=r"(?<!\d)\d{1,3}\s*min(?:utos?)?\.?\s+de\s+leitura|[Ll]eitura:?\s+\d{1,3}\s*min\.?",
        reading_word="eitura",
        ordinal_nouns=frozenset(),
        quotes=_LATIN_QUOTES,
    ),
    "fr": Language(
        code="fr",
        titles=_words(_EN_TITLES + " M MM Mme Mmes Mlle Mlles Me Mgr Pr Dr Sr Vve av apr"),
        before_number=_words(_EN_BEFORE_NUMBER + " n° doc janv févr avr juil sept déc")
        | _listed("fr", "al ex id sup"),
        speech="déclaré|affirmé|expliqué|ajouté|dit|souligné|estimé|assuré|confié|lancé",
        reading_label=r"(?<!\d)\d{1,3}\s*min(?:utes?)?\.?\s+de\s+lecture|[Ll]ecture:?\s+\d{1,3}\s*min\.?",
        reading_word="ecture",
        ordinal_nouns=frozenset(),
        quotes=_LATIN_QUOTES,
    ),
    "de": Language(
        code="de",
        titles=_words(
            _EN_TITLES + " Hr Fr Hrn Dipl Ing Prof Dr med jur rer nat Mag St Sankt z B u a d h"
            " o ä Bf Hbf Str Dipl.-Ing Dipl.-Kfm Mio Mrd Tsd Co"
        ),
        before_number=_words(_EN_BEFORE_NUMBER + " nr str bzw ca abs bd jan feb märz okt dez")
        | _listed("de", "ä ens mag ass"),
        speech="sagte|sagt|erklärte|betonte|meinte|fügte|warnte|kritisierte|fragte|so",
        reading_label=r"(?<!\d)\d{1,3}\s*Min(?:uten)?\.?\s+Lese(?:zeit|dauer)|Lese(?:zeit|dauer):?\s+\d{1,3}\s*Min(?:uten|\.)?",
        reading_word="Lese",
        ordinal_nouns=_words(
            "Januar Jänner Februar März April Mai Juni Juli August September Oktober November"
            " Dezember Jahrhundert Jahrhunderts Jahrtausend Lebensjahr Stock Stockwerk Platz"
            " Mal Klasse Liga Bundesliga Runde Spieltag Etage Grades Grad Auflage Kapitel"
        ),
        quotes=(("„", "“"), ("»", "«"), ("“", "”"), ('"', '"'), ("‚", "‘"), ("›", "‹")),
    ),
    "it": Language(
        code="it",
        titles=_words(
            _EN_TITLES + " Sig Sigg Sig.ra Sig.na Dott Dott.ssa Ing Avv Arch Geom Rag On Mons"
            " Egr Gent Spett sig sigg sig.ra sig.na dott dott.ssa ing avv arch prof on mons p.es"
        ),
        before_number=_words(_EN_BEFORE_NUMBER + " n num pag art cap gen giu lug ago sett ott dic")
        | _listed(
            "it",
            "a d f j k l p v al an at ad bar ce che chi con da di do e ed es fa fan fin"
            " gli ha il in io la le li lo ma mai me mi ne no o oc on or ore per po pro re"
            " sa se si so su sul te ti to tu un va ve vi via vo",
        ),
        speech="detto|dichiarato|spiegato|aggiunto|affermato|sottolineato|ribadito|commentato",
        reading_label=r"(?<!\d)\d{1,3}\s*min(?:uti)?\.?\s+di\s+lettura|[Tt]empo\s+di\s+lettura:?\s+\d{1,3}\s*min(?:uti|\.)?",
        reading_word="ettura",
        ordinal_nouns=frozenset(),
        quotes=_LATIN_QUOTES,
    ),
    "hi": Language(
        code="hi",
        titles=_words(_EN_TITLES + " डॉ प्रो श्री श्रीमती") | _listed("hi", "भी"),
        before_number=_words(_EN_BEFORE_NUMBER + " सं क्र पृ"),
        speech="कहा|बताया|पूछा|जोड़ा|कहना",
        reading_label=r"(?<!\d)\d{1,3}\s*मिनट\s+में\s+पढ़ें|पढ़ने\s+का\s+समय:?\s+\d{1,3}\s*मिनट",
        reading_word="मिनट",
        ordinal_nouns=frozenset(),
        quotes=(("“", "”"), ('"', '"'), ("‘", "’")),
        cased=False,
    ),
    "ar": Language(
        code="ar",
        titles=_words(_EN_TITLES + " د أ م ص ج ت س ه") | _listed("ar", ""),
        before_number=_words(_EN_BEFORE_NUMBER + " ص رقم ج"),
        speech="قال|قالت|أضاف|أضافت|أكد|أكدت|صرح|صرحت|أوضح|أوضحت|وقال|وقالت|وأضاف|وأكد",
        reading_label=r"(?<!\d)\d{1,3}\s*دقائق\s+للقراءة|مدة\s+القراءة:?\s+\d{1,3}\s*(?:دقائق|دقيقة)",
        reading_word="لقراءة",
        ordinal_nouns=frozenset(),
        quotes=(("“", "”"), ('"', '"'), ("«", "»")),
        cased=False,
    ),
}


def primary_subtag(tag: str) -> str:
    """Return the lower-cased language subtag of a BCP 47 tag: "pt-BR" -> "pt"."""
    match = _PRIMARY.match(tag or "")
    return match.group(1).lower() if match else ""


def is_supported(tag: str) -> bool:
    """Tell whether the segmenter has rules of its own for the language of tag."""
    return primary_subtag(tag) in SUPPORTED_LANGUAGES


def language(tag: str) -> Language:
    """Return the rules data for tag, English-like rules for a language without its own."""
    return _LANGUAGES.get(primary_subtag(tag), _LANGUAGES[DEFAULT_LANGUAGE])
