"""The team's canonical names: add, edit, delete, CSV in and out, hints on sentences."""

import pytest
import sqlalchemy as sa

from annotator.errors import NotFound, PermissionDenied, ValidationError
from annotator.extensions import db
from annotator.models import AuditEvent, CanonicalName, NameKind, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.names import (
    NameEntry,
    add_name,
    delete_name,
    export_names,
    get_name_for,
    hints_for_sentences,
    import_names,
    team_names,
    update_name,
)
from annotator.services.teams import create_team

BOARD = NameEntry("International Narcotics Control Board", "body", "INCB")


@pytest.fixture
def editor(make_member):
    return make_member(Role.editor)


def test_add_name_stores_name_kind_and_aliases(team, editor):
    row = add_name(editor, team.id, NameEntry("Ministry of Public Security", "body", "MPS\n\nMoPS"))
    assert (row.name, row.kind, row.alias_list) == (
        "Ministry of Public Security",
        NameKind.body,
        ["MPS", "MoPS"],
    )
    assert db.session.scalars(sa.select(AuditEvent.action)).all()[-1] == "name.add"


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (NameEntry(" "), "name"),
        (NameEntry("x" * 201), "name"),
        (NameEntry("Someone", "animal"), "kind"),
        (NameEntry("Someone", "person", "\n".join(f"a{n}" for n in range(21))), "aliases"),
        (NameEntry("Someone", "person", "x" * 201), "aliases"),
    ],
)
def test_add_name_refuses_bad_entries(team, editor, entry, field):
    with pytest.raises(ValidationError) as raised:
        add_name(editor, team.id, entry)
    assert field in raised.value.fields


def test_add_name_refuses_a_name_the_list_has(team, editor):
    add_name(editor, team.id, BOARD)
    with pytest.raises(ValidationError, match="already"):
        add_name(editor, team.id, NameEntry(BOARD.name.lower()))


def test_add_name_refuses_a_reviewer(team, make_member):
    with pytest.raises(PermissionDenied):
        add_name(make_member(Role.reviewer), team.id, BOARD)


def test_update_name_changes_it_and_keeps_its_own_name_free(team, editor):
    row = add_name(editor, team.id, BOARD)
    update_name(editor, row, NameEntry(BOARD.name, "body", "INCB\nthe Board"))
    assert row.alias_list == ["INCB", "the Board"]
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.before["aliases"] == ["INCB"]


def test_delete_name_removes_it(team, editor):
    row = add_name(editor, team.id, BOARD)
    delete_name(editor, row)
    assert team_names(team.id) == []


def test_get_name_for_hides_another_teams_name(team, editor, make_member):
    row = add_name(editor, team.id, BOARD)
    outsider = make_member(Role.admin, in_team=create_team("Elsewhere", "elsewhere"))
    assert get_name_for(editor, row.id) is row
    with pytest.raises(NotFound):
        get_name_for(outsider, row.id)


def test_import_names_adds_and_updates(team, editor):
    add_name(editor, team.id, NameEntry(BOARD.name))
    csv_text = (
        "name,kind,aliases\n"
        "International Narcotics Control Board,body,INCB; the Board\n"
        "Wang Xiaohong,person,\n"
        ",body,\n"
        "Beijing,,\n"
    )
    assert import_names(editor, team.id, csv_text) == (2, 1)
    names = {row.name: row for row in team_names(team.id)}
    assert names[BOARD.name].alias_list == ["INCB", "the Board"]
    assert names["Beijing"].kind is NameKind.body


def test_import_names_twice_of_the_same_name_updates_it(team, editor):
    assert import_names(editor, team.id, "name\nBeijing\nBeijing\n") == (1, 1)


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("", "header row"),
        ("title,kind\nBeijing,place\n", "header row"),
        ("name,kind\nBeijing,planet\n", "Line 2"),
        ("name\n" + "\n".join(f"N{n}" for n in range(2_001)), "at most"),
        ("name,kind\nBeijing,place\nINCB,body\nGeneva\x00,place\n", "Line 4: Unusable characters"),
        (
            'name,kind\nBeijing,place\nINCB,body\n"' + "x" * 131_073 + '",body\n',
            r"Line 4: field larger than field limit \(131072\)",
        ),
    ],
)
def test_import_names_refuses_bad_csv(team, editor, csv_text, message):
    with pytest.raises(ValidationError, match=message):
        import_names(editor, team.id, csv_text)


def test_export_names_round_trips_and_defuses_formulas(team, editor):
    add_name(editor, team.id, BOARD)
    add_name(editor, team.id, NameEntry("=HYPERLINK(1)", "person", "@x"))
    text = export_names(team.id)
    assert text.splitlines()[0] == "name,kind,aliases"
    assert "'=HYPERLINK(1),person,'@x" in text
    assert "International Narcotics Control Board,body,INCB" in text


def test_hints_for_sentences_names_close_phrases(team, editor):
    add_name(editor, team.id, BOARD)
    text = "Officials met. It was reported to the International Narcotics Control."
    article = import_article(team, None, ArticleDraft("Talks", text)).article
    hints = hints_for_sentences(article, article.sentences)
    assert list(hints) == [article.sentences[1].id]
    assert hints[article.sentences[1].id][0].suggestion == BOARD.name


def test_hints_for_sentences_without_a_list_is_empty(team):
    article = import_article(team, None, ArticleDraft("Talks", "The INBC met.")).article
    assert hints_for_sentences(article, article.sentences) == {}


def test_names_of_a_team_stay_in_it(team, editor):
    add_name(editor, team.id, BOARD)
    other = create_team("Elsewhere", "elsewhere")
    assert team_names(other.id) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CanonicalName)) == 1
