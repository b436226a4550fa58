"""Who a sentence says made its claim: "…, said Jane Roe", "according to the Ministry"."""

import re
from typing import NamedTuple

from annotator.text.words import word_set

#: Verbs that attribute a claim, in the past and the present.
SAYING = word_set(
    "said says told claimed claims stated states argued argues insisted insists wrote writes "
    "announced announces added adds noted notes stressed stresses emphasized emphasizes "
    "emphasised emphasises warned warns explained explains alleged alleges asserted asserts "
    "maintained maintains"
)
_SAYS = "(?:" + "|".join(sorted(SAYING)) + ")"
_WORD = r"[A-Z][\w'’.&-]*"
_CONNECTOR = r"(?:of|for|the|and|on|de|du|del|van|von)"
_NAME = rf"(?:[Tt]he\s+)?(?P<name>{_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*)"
PATTERNS = (
    re.compile(rf"\b[Aa]ccording to {_NAME}"),
    re.compile(rf"\b{_SAYS},?\s+{_NAME}"),
    # "Yu Haibin, deputy secretary-general of the Commission, emphasized"
    re.compile(rf"{_NAME}, [^,]{{1,100}}, {_SAYS}\b"),
    re.compile(rf"{_NAME},?(?:\s+\w+){{0,1}}\s+{_SAYS}\b"),
)
#: Capitalised words that open a sentence but name nobody: "He said", "Officials said".
NOT_NAMES = word_set(
    "He She It They We I You This That These Those There Officials Experts Critics "
    "Residents Researchers Scientists Analysts Sources Witnesses Some Many Others Most"
)
#: A word that makes a name an organisation's rather than a person's.
ORGANISATION_WORDS = word_set(
    "Ministry Department Council Agency Office Authority Commission Committee Institute "
    "University College School Party Government Inc Inc. Ltd Ltd. Corp Corp. Company Bank "
    "Association Union Board Bureau Service Police Court Parliament Congress Senate "
    "Organisation Organization Foundation Group Federation Society Centre Center Network "
    "Times News Post Press Agency Fund Trust Hospital Army Navy Administration Federal"
)


class Claimant(NamedTuple):
    name: str
    is_organisation: bool


def claimant_in(sentence: str) -> Claimant | None:
    """Return who the sentence attributes its claim to, or None when it names nobody."""
    for pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            name = match.group("name").rstrip(".,")
            if name.split()[0] not in NOT_NAMES and not one_opening_word(sentence, match):
                words = set(name.replace(",", " ").split())
                return Claimant(name, bool(words & ORGANISATION_WORDS))
    return None


def one_opening_word(sentence: str, match: re.Match) -> bool:
    """Tell whether the name is a single word opening the sentence: any word is capitalised
    there, so "Prices rose, analysts said" names nobody."""
    start = match.start("name")
    return not sentence[:start].strip() and " " not in match.group("name")
