"""Tests for the language rules of annotator.text.segment and annotator.text.languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text import languages, segment
from annotator.text.languages import SUPPORTED_LANGUAGES, is_supported, primary_subtag
from annotator.text.segment import split_sentences
from tests.text.test_segment import assert_sound

SETS = Path(__file__).resolve().parent.parent / "data" / "segmentation"


def sentences(text: str, language: str) -> list[str]:
    """Return the sentence strings split_sentences finds in text in the given language."""
    return [text[s.start : s.end] for s in split_sentences(text, language)]


def load_set(language: str) -> list[dict]:
    """Return the cases of one language's hand-segmented news set."""
    return json.loads((SETS / f"{language}.json").read_text(encoding="utf-8"))["cases"]


# --- language tags --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "primary"),
    [("en", "en"), ("pt-BR", "pt"), ("ES", "es"), ("zh-Hant-TW", "zh"), (" de-AT", "de")],
)
def test_primary_subtag_read_when_tag_has_subtags(tag: str, primary: str) -> None:
    assert primary_subtag(tag) == primary


@pytest.mark.parametrize("tag", ["", "1", "-", "x"])
def test_primary_subtag_empty_when_tag_is_malformed(tag: str) -> None:
    assert primary_subtag(tag) == ""


@pytest.mark.parametrize("tag", [*SUPPORTED_LANGUAGES, "pt-BR", "es-419", "fr-CA", "ar-EG"])
def test_language_supported_when_it_has_rules(tag: str) -> None:
    assert is_supported(tag)
    assert segment.is_supported(tag)


@pytest.mark.parametrize("tag", ["nl", "sw", "zh-Hans", "", "und"])
def test_language_unsupported_when_it_has_no_rules(tag: str) -> None:
    assert not is_supported(tag)


def test_english_rules_used_when_language_has_none() -> None:
    text = "Mr. Jansen sprak. Het was laat."
    assert sentences(text, "nl") == sentences(text, "en") == ["Mr. Jansen sprak.", "Het was laat."]


def test_same_rules_used_when_region_differs() -> None:
    text = "A Sra. Silva falou. O Dr. Souza não."
    assert sentences(text, "pt-BR") == sentences(text, "pt") == sentences(text, "pt-PT")


def test_abbreviation_lists_drop_everyday_words_when_loaded() -> None:
    spanish = languages.language("es").before_number
    assert "pág" in spanish
    assert "bien" not in spanish
    assert "भी" not in languages.language("hi").titles


# --- English news hazards -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The plan will cost approx. $3,700 over two years.",
        "The company won a contract in No. 5 basin last year.",
        "State regulators fined Tallgrass Energy Inc. $480,000 on Monday.",
        "Shares of Acme Corp. €12 higher were traded.",
    ],
)
def test_english_abbreviation_kept_when_amount_follows(text: str) -> None:
    assert sentences(text, "en") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Harbor board approves dredging plan, Port Authority Dept. Says",
        "Factory Orders Fell in March, Commerce Dept. Says",
        "Retail Sales Rise, Acme Corp. Reports\nThe story begins.",
    ],
)
def test_english_abbreviation_kept_when_line_is_a_headline(text: str) -> None:
    assert sentences(text, "en")[0] == text.split("\n")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The bill was written by Tom Hale Jr. Officials expect a vote soon.",
            ["The bill was written by Tom Hale Jr.", "Officials expect a vote soon."],
        ),
        (
            "The contract went to Brackwater Dredging Co. Shares rose 4%.",
            ["The contract went to Brackwater Dredging Co.", "Shares rose 4%."],
        ),
        (
            "It was written by John Smith Jr. Mr. Smith declined to comment.",
            ["It was written by John Smith Jr.", "Mr. Smith declined to comment."],
        ),
        (
            "The firm was founded by Harold Pike Sr. His son runs it now.",
            ["The firm was founded by Harold Pike Sr.", "His son runs it now."],
        ),
    ],
)
def test_english_suffix_ends_sentence_when_a_capital_follows(text: str, expected: list) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chair Ellis Varnum Jr. cast the deciding vote on Martin Luther King Jr. Day.",
        "Dow Jones & Co. Inc. owns the paper.",
        "The team signed Ken Griffey Jr. (he was 19) on Monday.",
    ],
)
def test_english_suffix_kept_when_the_name_goes_on(text: str) -> None:
    assert sentences(text, "en") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "“We cannot wait another winter. The ferries are already scraping bottom.”",
        '"It fell. We knew."',
        "« Nous partons. Nous ne reviendrons pas. »",
    ],
)
def test_quotation_kept_whole_when_it_is_a_paragraph(text: str) -> None:
    for language in ("en", "fr"):
        assert sentences(f"Intro line.\n{text}\nNext line.", language)[1] == text


def test_quotation_split_when_paragraph_goes_on_after_it() -> None:
    text = "“It fell. We knew.” Then we left."
    assert sentences(text, "en") == ["“It fell.", "We knew.”", "Then we left."]


@pytest.mark.parametrize(
    "text",
    [
        'He said: "It fell. We knew."',
        'Officials told reporters, "The bridge is closed. Use the ferry."',
    ],
)
def test_quotation_kept_whole_when_a_speech_clause_introduces_it(text: str) -> None:
    assert sentences(text, "en") == [text]


# --- datelines, bylines and reading-time labels in every language ---------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "VALDELORO, 12 mar. (Agencia Sur) — El pleno aprobó el presupuesto."),
        ("fr", "MONTCÉLY, 4 nov. (Agence Rhône) — Les salariés sont en grève."),
        ("de", "LINDENFELD (Südwest-Nachrichten) – Der Stadtrat hat abgestimmt."),
        ("it", "PONTEBRUNA, 6 nov. – Lo zuccherificio chiuderà."),
        ("pt", "PORTO ALEGRE DO SUL — Uma enchente deixou 1.300 desalojados."),
        ("hi", "रामगढ़, 14 अगस्त — ज़िले में बाढ़ आ गई है।"),
        ("ar", "الوردية (وكالة الساحل) - أقر المجلس الميزانية."),
    ],
)
def test_dateline_kept_with_its_sentence_in_every_language(language: str, text: str) -> None:
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "byline", "label", "first"),
    [
        ("es", "Por Andrés Gálvez |", "3 min de lectura", "La sequía sigue."),
        ("pt", "Por Rafael Antunes |", "3 min de leitura", "A chuva voltou."),
        ("fr", "Par Julien Marchetti |", "3 min de lecture", "Le tram arrive."),
        ("de", "Von Jonas Eckhardt |", "3 Min. Lesezeit", "Das Land baut."),
        ("it", "di Paolo Ricciardi |", "3 min di lettura", "La Regione decide."),
        ("hi", "लेखक: राहुल त्रिपाठी |", "3 मिनट में पढ़ें", "पंप सस्ता है।"),
        ("ar", "بقلم: عمر الشامي |", "3 دقائق للقراءة", "فازت الطالبة."),
    ],
)
def test_reading_time_label_split_from_byline_in_every_language(
    language: str, byline: str, label: str, first: str
) -> None:
    text = f"{byline} {label}\n{first}"
    assert sentences(text, language) == [byline, label, first]


@pytest.mark.parametrize(
    ("language", "label", "first"),
    [
        ("es", "4 min de lectura", "El pleno aprobó el presupuesto."),
        ("de", "Lesezeit: 4 Min.", "Der Stadtrat hat abgestimmt."),
        ("it", "Tempo di lettura: 4 minuti", "Il consiglio ha votato."),
    ],
)
def test_reading_time_label_split_when_glued_to_the_text(
    language: str, label: str, first: str
) -> None:
    assert sentences(label + first, language) == [label, first]


def test_reading_time_label_kept_when_inside_a_sentence() -> None:
    text = "El informe ocupa 4 min de lectura según la web."
    assert sentences(text, "es") == [text]


# --- abbreviations and titles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "La alcaldesa, la Sra. Mercedes Olivar, defendió las cuentas."),
        ("es", "La Dra. Elena Sotomayor y el Sr. Lirio hablaron con el Gral. Rojas."),
        ("es", "El plan incluye fondos para becas con EE. UU. y Canadá."),
        ("es", "El centro estará en la calle Mayor, n.º 14, junto al mercado."),
        ("es", "Las obras figuran en la pág. 37 del anexo."),
        ("es", "En el año 300 a. C. Roma dominaba la península."),
        ("fr", "La ville fut fondée en 52 av. J.-C. par les Romains."),
        ("pt", "O vereador Dr. Otávio Peixoto e a Sra. Helena Barbosa discordaram."),
        ("pt", "O coordenador, o Cel. Augusto Lemos, pediu calma."),
        ("pt", "A obra fica na Rua das Acácias, n.º 210, no centro."),
        ("fr", "Le maire, M. Gérard Ponthieu, a défendu le budget."),
        ("fr", "Mme Vauban et Me Caradec étaient présentes, selon le doc. p. 14 du rapport."),
        ("de", "Das ist z. B. beim Technischen Hilfswerk so, u. a. in Bayern."),
        ("de", "Die Anträge gibt es in Zimmer Nr. 12 im Landratsamt."),
        ("de", "Der Landrat, Prof. Dr. Ulrich Faßbender, rief den Katastrophenfall aus."),
        ("de", "Für die Schulen sind 12,8 Mio. Euro vorgesehen."),
        ("de", "Die Arbeiten in der Bahnhofstr. 14 beginnen bald."),
        ("de", "Ihr Sprecher, Herr Dipl.-Ing. Konrad Weiß, sammelt Unterschriften."),
        ("de", "Die Firma Kranich GmbH & Co. KG meldete Insolvenz an."),
        ("it", "Il sindaco, il dott. Renato Ferraris, ha parlato."),
        ("it", "Secondo la Sig.ra Marta Colonnello il costo è sottovalutato."),
        ("it", "L’assessore, l’avv. Chiara Donadoni, incontrerà i vertici."),
        ("it", "I lavori in via Garibaldi, n. 18, partiranno a maggio."),
        ("hi", "महापौर डॉ. सुरेश चंद्रा ने बजट पेश किया।"),
        ("hi", "प्रो. मीना अग्रवाल ने जाँच की है।"),
        ("hi", "राहत कार्य में एन.डी.आर.एफ़. की चार टीमें लगी हैं।"),
        ("ar", "وقال رئيس المجلس د. كمال النجار إن الأولوية للمدارس."),
        ("ar", "ومن المقرر أن يلتقي الوزير أ. د. سامر العلي بالإدارة."),
    ],
)
def test_abbreviation_kept_inside_sentence_in_every_language(language: str, text: str) -> None:
    assert sentences(text, language) == [text]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "Todo salió bien. El gobierno lo anunció.", ["Todo salió bien."]),
        (
            "es",
            "Incluye rebajas, créditos, etc. El texto se publicará.",
            ["Incluye rebajas, créditos, etc."],
        ),
        (
            "pt",
            "Recebem roupas, água etc. A prefeitura decretou emergência.",
            ["Recebem roupas, água etc."],
        ),
        (
            "it",
            "Restano i capannoni, i silos ecc. Il futuro è incerto.",
            ["Restano i capannoni, i silos ecc."],
        ),
        ("de", "Das Kind wird 3. Die Eltern feiern.", ["Das Kind wird 3."]),
        (
            "fr",
            "Le capital appartient à Acme S.A. Le Nord suit.",
            ["Le capital appartient à Acme S.A."],
        ),
        ("hi", "मैं भी. वह आया।", ["मैं भी."]),
        ("fr", "Le débat commence à 18 h. Le maire parlera.", ["Le débat commence à 18 h."]),
        ("es", "Vive en EE. UU. Su hermano, en México.", ["Vive en EE. UU."]),
    ],
)
def test_sentence_split_when_it_ends_with_a_word_or_number(
    language: str, text: str, expected: list[str]
) -> None:
    assert sentences(text, language)[: len(expected)] == expected
    assert len(sentences(text, language)) == len(expected) + 1


# --- numbers: ordinals, decimal commas, thousands points ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Der Stadtrat hat am 3. Oktober einen Haushalt beschlossen.",
        "Am 15. November berät der Kreistag.",
        "Das Krankenhaus stammt aus dem 19. Jahrhundert und wird abgerissen.",
        "Der Pegel stieg auf 5,60 Meter, 1.500 Euro gibt es als Hilfe.",
    ],
)
def test_german_ordinal_and_number_kept_inside_sentence(text: str) -> None:
    assert sentences(text, "de") == [text]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "El presupuesto es de 48,3 millones y afecta a 1.240 comercios."),
        ("pt", "O orçamento é de R$ 92,4 milhões, com 1.300 desalojados."),
        ("fr", "Le budget atteint 12,6 millions d’euros, soit 4,3 % de plus."),
        ("it", "Il bilancio vale 38,7 milioni, per 1.200 persone."),
        ("es", "Los cortes irán de 23.00 a 6.00 horas cada día."),
    ],
)
def test_decimal_comma_and_thousands_point_kept_inside_sentence(language: str, text: str) -> None:
    assert sentences(text, language) == [text]


# --- punctuation of each language -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "¿De dónde saldrá el dinero? Nadie lo sabe.", ["¿De dónde saldrá el dinero?"]),
        ("es", "¡Sesenta años tirados! Así lo dicen.", ["¡Sesenta años tirados!"]),
        (
            "fr",
            "Que va faire la préfecture ? Une réunion est prévue.",
            ["Que va faire la préfecture ?"],
        ),
        ("fr", "« On ne lâchera rien ! » Le slogan résonne.", ["« On ne lâchera rien ! »"]),
        ("hi", "यह अच्छा है। क्या यह सच है? हाँ।", ["यह अच्छा है।", "क्या यह सच है?"]),
        ("ar", "هل هذا صحيح؟ نعم.", ["هل هذا صحيح؟"]),
        ("de", "Wann wird das Rathaus fertig? Nach Plan 2029.", ["Wann wird das Rathaus fertig?"]),
    ],
)
def test_sentence_split_at_the_language_s_end_marks(
    language: str, text: str, expected: list[str]
) -> None:
    assert sentences(text, language)[: len(expected)] == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "«Es un presupuesto para los barrios. No hemos dejado a nadie fuera», afirmó."),
        ("pt", "“Vamos abrir duas unidades. A fila não pode continuar”, afirmou."),
        ("fr", "« Nous n’augmentons pas les impôts. Nous investissons », a déclaré le maire."),
        ("de", "„Die Stadt lebt über ihre Verhältnisse. Das bezahlen wir“, sagte sie."),
        ("de", "»Falkenau bekommt ein Krankenhaus. Darauf sind wir stolz«, sagte sie."),
        ("it", "«Abbiamo ridotto le tasse. E aumentato i servizi», ha detto Ferraris."),
        ("hi", '"लोग नदी के किनारे न जाएँ। प्रशासन पहुँचेगा," उन्होंने कहा।'),
        ("hi", 'पार्षद ने कहा, "पैसा कहाँ है? शहर डूब जाता है।"'),
        ("ar", '"لم يخبرنا أحد. سمعنا الخبر من الإذاعة"، قال العامل.'),
        ("ar", 'وقالت العضو: "أين المال؟ الأحياء بلا ماء."'),
        ("ar", "«لم نتوقع ذلك. كانت مفاجأة» قال المدير."),
    ],
)
def test_quotation_kept_with_attribution_in_every_language(language: str, text: str) -> None:
    assert sentences(text, language) == [text]


def test_quotation_opened_first_wins_when_marks_of_two_kinds_overlap() -> None:
    # „Der “ is a German quotation, so the “…” after it is none: as one scan for any opening
    # mark reads it, though a scan for “ alone finds “Plan. Er hält.” with its attribution.
    text = "Er las „Der “Plan. Er hält.” steht da"
    assert sentences(text, "de") == ["Er las „Der “Plan.", "Er hält.” steht da"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "es",
            "—No nos han dado ninguna alternativa. Nos enteramos por la radio —dijo la delegada.",
            None,
        ),
        (
            "es",
            "—Volveremos. Lo prometo —dijo el alcalde—. La gente aplaudió.",
            ["—Volveremos. Lo prometo —dijo el alcalde—.", "La gente aplaudió."],
        ),
        ("es", "¿Vendrá mañana? —preguntó la jueza.", None),
        ("pt", "— Não sabemos. Vamos ver — disse o prefeito.", None),
    ],
)
def test_dialogue_dash_kept_with_its_attribution(
    language: str, text: str, expected: list[str] | None
) -> None:
    assert sentences(text, language) == (expected or [text])


def test_dialogue_dash_split_when_no_attribution_follows() -> None:
    text = "—No lo sabemos. Volveremos mañana."
    assert sentences(text, "es") == ["—No lo sabemos.", "Volveremos mañana."]


# --- invariants and the hand-segmented sets -------------------------------------------------


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_offsets_exact_when_language_given(language: str) -> None:
    for case in load_set(language):
        text = case["text"]
        spans = split_sentences(text, language)
        assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in spans)
        assert [s.start for s in spans] == sorted(s.start for s in spans)
        covered = {i for s in spans for i in range(s.start, s.end)}
        assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_news_set_well_formed_when_loaded(language: str) -> None:
    cases = load_set(language)
    assert len(cases) >= 3
    for case in cases:
        assert 8 <= len(case["sentences"]) <= 20
        position = 0
        for sentence in case["sentences"]:
            found = case["text"].find(sentence, position)
            assert found >= position
            position = found + len(sentence)


@pytest.mark.parametrize(
    ("language", "case"),
    [(language, case) for language in SUPPORTED_LANGUAGES for case in load_set(language)],
    ids=lambda value: value if isinstance(value, str) else f"article-{value['id']}",
)
def test_news_article_split_exactly_when_language_given(language: str, case: dict) -> None:
    assert sentences(case["text"], language) == case["sentences"]


LANGUAGE_PIECES = [
    *" aZ.!?…,;:'\"“”„«»‹›¿¡—–-।؟،()0123456789\n\u00a0",
    *["Sra.", "dott.", "z. B.", "3. Oktober", "डॉ.", "د.", "EE. UU.", "n.º", "Mme", "é", "ß"],
    *["4 min de lectura", "Lesezeit: 4 Min.", "MADRID, 12 mar. (EFE) — ", "—dijo", "है।"],
]
LANGUAGE_TEXT = st.lists(st.sampled_from(LANGUAGE_PIECES), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(LANGUAGE_TEXT, st.sampled_from([*SUPPORTED_LANGUAGES, "nl"]))
def test_spans_sound_when_text_is_arbitrary_in_any_language(text: str, language: str) -> None:
    assert_sound(text, split_sentences(text, language))


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_spans_sound_when_paragraph_is_long_in_any_language(language: str) -> None:
    text = " ".join(case["text"].replace("\n", " ") for case in load_set(language)) * 40
    assert_sound(text, split_sentences(text, language))


# --- periods the cheap checks settle, and those they leave to the token check ---------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # A period standing alone after a space ends the sentence.
        (
            "es",
            "Todo salió bien . Luego llegó la lluvia.",
            ["Todo salió bien .", "Luego llegó la lluvia."],
        ),
        # The last letters of "dagegen" end a title ("Gen."), so the token itself is read.
        (
            "de",
            "Die Opposition stimmte dagegen. Die Mehrheit hielt.",
            ["Die Opposition stimmte dagegen.", "Die Mehrheit hielt."],
        ),
        ("de", "Es sprach Gen. Weber vor dem Rat.", ["Es sprach Gen. Weber vor dem Rat."]),
        # A title in capitals, and one after an elided article, is still a title.
        ("es", "Lo anunció el SR. García en el pleno.", ["Lo anunció el SR. García en el pleno."]),
        (
            "it",
            "Lo ha detto l’avv. Chiara Neri in aula.",
            ["Lo ha detto l’avv. Chiara Neri in aula."],
        ),
        # A number after the period: the word is checked against the before-number list.
        ("es", "Está en la pág. 37 del informe.", ["Está en la pág. 37 del informe."]),
        (
            "es",
            "Subió un 4 por ciento. 37 familias lo notaron.",
            ["Subió un 4 por ciento.", "37 familias lo notaron."],
        ),
        # A year, a percentage and a closing quotation mark before the period end a sentence.
        (
            "fr",
            "Le chantier finira en 2027. Le maire l’a promis.",
            ["Le chantier finira en 2027.", "Le maire l’a promis."],
        ),
        (
            "pt",
            "A inflação foi de 4,1 %. O governo reagiu.",
            ["A inflação foi de 4,1 %.", "O governo reagiu."],
        ),
        (
            "it",
            "Lo chiamò «un disastro». Poi se ne andò.",
            ["Lo chiamò «un disastro».", "Poi se ne andò."],
        ),
        # Scripts without case: a word with an inner period is an abbreviation.
        ("hi", "टीम एन.डी.आर.एफ. पहुँची।", ["टीम एन.डी.आर.एफ. पहुँची।"]),
    ],
)
def test_period_decided_like_the_token_rules(language: str, text: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected
