"""One way for views to answer a refused service (annotator/web/refusals.py)."""

import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, StringField

from annotator.errors import InvalidTransition, NotFound, StaleVersion, ValidationError
from annotator.extensions import db
from annotator.models import Team
from annotator.web.refusals import refusals


class SourceForm(FlaskForm):
    class Meta:
        csrf = False

    url = StringField()


class NoteForm(FlaskForm):
    class Meta:
        csrf = False

    note = StringField()
    sources = FieldList(FormField(SourceForm), min_entries=2)


def teams_named(name: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Team.name == name))


@pytest.fixture
def request_context(app):
    with app.test_request_context("/", method="POST"):
        yield


def test_a_refusal_puts_each_message_on_its_field_and_writes_nothing(request_context):
    form = NoteForm()
    with refusals(form) as refused:
        db.session.add(Team(name="Half-written", slug="half-written"))
        db.session.flush()
        raise ValidationError(
            {"note": "Too long.", "sources-1-url": "Not a web address.", "": "Nope."}
        )
    assert refused
    assert refused.status == 422
    assert form.note.errors == ["Too long."]
    assert form.sources.entries[1].form.url.errors == ["Not a web address."]
    assert form.form_errors == ["Nope."]
    assert teams_named("Half-written") == 0
    assert get_flashed_messages() == []


@pytest.mark.parametrize("error", [InvalidTransition("Not now."), StaleVersion("Changed.")])
def test_a_refused_move_or_a_stale_version_goes_to_the_form(request_context, error):
    form = NoteForm()
    with refusals(form) as refused:
        raise error
    assert refused.error is error
    assert refused.status == 409
    assert form.form_errors == [error.message]


def test_without_a_form_the_refusal_is_a_message_saying_what_it_is_about(request_context):
    with refusals(about="Sentence 3 is not settled") as refused:
        raise ValidationError({"verdict": "Choose the final verdict."})
    assert refused
    assert get_flashed_messages(with_categories=True) == [
        ("error", "Sentence 3 is not settled: Choose the final verdict.")
    ]


def test_nothing_refused_is_false_and_keeps_what_was_written(request_context):
    with refusals() as refused:
        db.session.add(Team(name="Kept", slug="kept"))
        db.session.flush()
    assert not refused
    assert teams_named("Kept") == 1


def test_not_found_is_no_refusal_and_goes_to_the_error_pages(request_context):
    with pytest.raises(NotFound), refusals():
        raise NotFound("No such article.")
