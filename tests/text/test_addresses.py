"""E-mail addresses: intranet domains welcome, malformed ones refused with the reason."""

import pytest

from annotator.text.addresses import address_problem


@pytest.mark.parametrize(
    "address",
    [
        "rita@newsroom.org",
        "rita@desk.internal",
        "rita@desk.test",
        "rita@host.local",
        "rita@office.lan",
        "rita@localhost",
        "rita@intranet",
        "Rita.Reviewer+desk@News-Room.Example",
        "rita@bücher.de",
    ],
)
def test_address_problem_accepts_well_formed_addresses_at_any_domain(address):
    assert address_problem(address) is None


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("rita", "a name, an @ and a domain"),
        ("@desk.internal", "a name, an @ and a domain"),
        ("rita@", "Add the domain after the @"),
        ("rita@desk..internal", "two dots in a row"),
        ("rita@desk.internal.", "two dots in a row, or one at an end"),
        ("rita@-desk.internal", "“-desk” cannot be part of a domain"),
        ("rita@desk_room.lan", "“desk_room” cannot be part of a domain"),
        ("rita@" + "d" * 64 + ".lan", "at most 63 characters between dots"),
        ("rita@" + "d." * 127 + "lan", "too long"),
        ("ri ta@desk.internal", "invalid characters before the @-sign"),
        ("rita.@desk.internal", "e-mail address"),
    ],
)
def test_address_problem_says_what_is_wrong(address, says):
    assert says in address_problem(address)
