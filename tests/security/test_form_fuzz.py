"""Random data into every form of the pages: never a 5xx, and the database stays valid.

The forms are found from the URL map (every page route that takes a POST) and from the
FlaskForm subclasses of the app, so a new form or form route fails the coverage test until it
is listed in FORMS. Each form is posted with a valid CSRF token by a logged-in admin (an
editor who may also manage members), with values drawn from each field's type: text with
control characters, NUL, lone surrogates and very long strings, numbers far out of range,
impossible dates, unknown choices, random uploads.
"""

import importlib
import io
import pkgutil
from urllib.parse import quote_from_bytes

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from wtforms import Form

import annotator.web
from annotator import create_app, limits
from annotator.extensions import db
from annotator.models import NotificationKind, Role, Verdict, WebhookDelivery, WebhookEvent
from annotator.services import accounts, teams
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.audit import verify_chain
from annotator.services.discussion import post_comment
from annotator.services.inbox import notify
from annotator.services.invitations import create_invitation
from annotator.services.mail_tokens import unsubscribe_token
from annotator.services.names import NameEntry, add_name
from annotator.services.rating_scale import rating_scale
from annotator.services.settling import settle_sentence
from annotator.services.tokens import create_token
from annotator.services.webhooks import create_endpoint
from annotator.web import (
    account_forms,
    claims_forms,
    desk_forms,
    forms,
    history_forms,
    review_forms,
    revision_forms,
    search,
    team_forms,
    tokens,
    webhooks,
)
from tests.conftest import PASSWORD, IsolatedClient, base_config, database_of_its_own
from tests.security.conftest import csrf_token, log_in, unplaced_draft

ALL_EVENTS = [event.value for event in WebhookEvent]

settings.register_profile(
    "form-fuzz",
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

TEXT = (
    "The mayor said the bridge cost 4 million euros. The council disputes that figure.\n\n"
    "Work starts in May. The contractor was chosen in 2021."
)

#: Every form route of the pages and the form it reads (None: only its CSRF token).
FORMS = {
    "auth.login": forms.LoginForm,
    "auth.setup": forms.FirstAdminForm,
    "auth.logout": None,
    "auth.change_password": forms.ChangePasswordForm,
    "tokens.create": tokens.NewTokenForm,
    "tokens.revoke": forms.EmptyForm,
    "tokens.revoke_all": account_forms.RevokeAllTokensForm,
    "invitations.open": account_forms.OpenInvitationForm,
    "invitations.join": account_forms.JoinForm,
    "invitations.accept": account_forms.AcceptInvitationForm,
    "invitations.decline": forms.EmptyForm,
    "accounts.reset_password": account_forms.ResetPasswordForm,
    "accounts.set_instance_admin": account_forms.InstanceAdminForm,
    "articles.new": forms.ImportArticleForm,
    "annotations.save": forms.AnnotationForm,
    "annotations.clear": forms.ClearVerdictForm,
    "annotations.keep": forms.AnnotationForm,
    "annotations.discard": forms.EmptyForm,
    "annotation_history.undo": history_forms.UndoForm,
    "annotation_history.restore": history_forms.RestoreForm,
    "review.respond": review_forms.ResponseForm,
    "review.comment": review_forms.CommentForm,
    "review.resolve": forms.EmptyForm,
    "settle.settle": review_forms.SettleForm,
    "settle.reopen": review_forms.VersionForm,
    "settle.confirm": review_forms.VersionForm,
    "settle.move": review_forms.TransitionForm,
    "settle.blind_review": review_forms.BlindReviewForm,
    "assignments.manage": review_forms.AssignForm,
    "assignments.remove": forms.EmptyForm,
    "assignments.wanted": review_forms.ReviewersWantedForm,
    "assignments.take": forms.EmptyForm,
    "revisions.revise": revision_forms.ReviseArticleForm,
    "revisions.attach": revision_forms.AttachForm,
    "revisions.attach_draft": revision_forms.AttachForm,
    "revisions.discard_draft": forms.EmptyForm,
    "memory.adopt": claims_forms.AdoptForm,
    "triage.dismiss": forms.EmptyForm,
    "triage.restore": forms.EmptyForm,
    "inbox.open_notification": forms.EmptyForm,
    "inbox.read_all": forms.EmptyForm,
    "mail.preferences": account_forms.MailPreferencesForm,
    "mail.follow": forms.EmptyForm,
    "mail.unfollow": forms.EmptyForm,
    "mail.unsubscribe": None,  # the token in the path is the proof: no form, no CSRF
    "teams.switch": forms.SwitchTeamForm,
    "teams.members": forms.InviteForm,
    "teams.revoke_invitation": forms.EmptyForm,
    "teams.change_role": forms.MemberRoleForm,
    "teams.set_password": forms.SetPasswordForm,
    "teams.remove": forms.EmptyForm,
    "team_settings.create": team_forms.TeamNameForm,
    "team_settings.rename": team_forms.TeamNameForm,
    "team_settings.edit": team_forms.TeamSettingsForm,
    "webhooks.create": webhooks.EndpointForm,
    "webhooks.edit": webhooks.EndpointForm,
    "webhooks.rotate": forms.EmptyForm,
    "webhooks.delete": forms.EmptyForm,
    "webhooks.redeliver": forms.EmptyForm,
    "rating_scale.add": team_forms.NewRatingForm,
    "rating_scale.change": team_forms.RatingForm,
    "rating_scale.move": team_forms.MoveForm,
    "rating_scale.remove": forms.EmptyForm,
    "names.add": claims_forms.NameForm,
    "names.edit": claims_forms.NameForm,
    "names.delete": forms.EmptyForm,
    "names.import_csv": claims_forms.NamesImportForm,
    "search.index": search.SearchForm,  # a GET form: fuzzed through the query string
    "articles.index": desk_forms.DeskForm,  # the desk's filters: a GET form too
}

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff tail",
    "\u202e\u200b\ufeff",
    "\r\n\t\x0b\x0c\x1b[31m",
    "one\ttab",
    "two\nlines",
    "next\x85line\u2028separator",
    "c1\x9bcontrol\x7f",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "-1",
    "99999999999999999999",
    "1e400",
    "²",
    "2026-02-30",
    "x" * 70_000,
]
TEXT_VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=300),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=-3, max_value=50).map(str),
    TEXT_VALUES,
)
DATES = st.one_of(st.dates().map(str), TEXT_VALUES)
UPLOADS = st.tuples(
    st.binary(max_size=2000),
    st.sampled_from(["a.txt", "b.md", "c.html", "d.csv", "../../etc/passwd", "e.exe", ""]),
)


def values_for(field) -> st.SearchStrategy:
    """Draw values a browser, or someone pretending to be one, could send for the field."""
    kind = field.type
    if kind in {"IntegerField", "DecimalField"}:
        return NUMBERS
    if kind == "DateField":
        return DATES
    if kind in {"SelectField", "RadioField"} and field.choices:
        offered = [str(choice[0]) for choice in field.iter_choices()]
        return st.one_of(st.sampled_from(offered), TEXT_VALUES)
    if kind == "BooleanField":
        return st.sampled_from(["y", "", "on", "false", "\x00"])
    if kind == "Switch":
        return st.one_of(st.sampled_from(["1", "", "on", "0", "no", "\x00"]), TEXT_VALUES)
    return TEXT_VALUES


def leaf_fields(form):
    """Yield every input field of a form, those inside FieldList and FormField included."""
    for field in form:
        if field.type in {"CSRFTokenField", "SubmitField"}:
            continue
        if hasattr(field, "entries"):
            for entry in field.entries:
                yield from leaf_fields(entry.form if hasattr(entry, "form") else [entry])
        elif hasattr(field, "form"):
            yield from leaf_fields(field.form)
        else:
            yield field


def form_strategy(form_class) -> st.SearchStrategy:
    """A dict of field name -> value (or upload), with some fields left out at random."""
    if form_class is None:
        return st.just({})
    form = form_class(formdata=None, meta={"csrf": False})
    fields = {}
    for field in leaf_fields(form):
        strategy = UPLOADS if field.type == "FileField" else values_for(field)
        fields[field.name] = st.one_of(st.none(), strategy)
    return st.fixed_dictionaries(fields).map(
        lambda drawn: {name: value for name, value in drawn.items() if value is not None}
    )


def quote(text: str) -> str:
    # Encoded by hand: lone surrogates go out as the bytes a broken client would send.
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


def urlencoded(fields: dict, token: str) -> str:
    pairs = [("csrf_token", token), *fields.items()]
    return "&".join(f"{quote(name)}={quote(value)}" for name, value in pairs)


def multipart(fields: dict, token: str) -> dict:
    """Fields for the test client's multipart encoder (it cannot encode lone surrogates)."""
    data = {"csrf_token": token}
    for name, value in fields.items():
        if isinstance(value, tuple):
            data[name] = FileStorage(stream=io.BytesIO(value[0]), filename=value[1])
        else:
            data[name] = value.encode("utf-8", "replace").decode("utf-8")
    return data


# --- the team the forms are posted to ---------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_database(engine_name, sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("form_fuzz")
    with database_of_its_own(engine_name, sqlite_template, folder, "annotator_form_fuzz") as url:
        yield url


@pytest.fixture(scope="module")
def newsroom(fuzz_database, cheap_password_hashing):
    """An app with CSRF on, a team full of records, and a logged-in admin's client."""
    app = create_app({**base_config(fuzz_database), "WTF_CSRF_ENABLED": True})
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        values = build_newsroom()
        client = app.test_client()
        log_in(client, "fuzzer@example.org")
        yield app, client, values
        db.session.remove()
        db.engine.dispose()


def build_newsroom() -> dict:
    team = teams.create_team("Demo newsroom", "demo-newsroom")
    people = {}
    for key, role in (("fuzzer", Role.admin), ("target", Role.reviewer), ("author", Role.reviewer)):
        people[key] = accounts.create_user(f"{key}@example.org", key.capitalize(), PASSWORD)
        teams.set_membership(team, people[key], role)
    article = import_article(team, people["fuzzer"], ArticleDraft("Bridge", TEXT)).article
    flag = annotate_sentence(
        people["author"], article.sentences[1], AnnotationEntry(Verdict.disputed, "No.")
    )
    thread = post_comment(people["fuzzer"], article.sentences[1], "Which figure?")
    # Two versions of the fuzzer's own verdict: Undo and "Restore this version" have work.
    for verdict in (Verdict.verified, Verdict.disputed):
        annotate_sentence(people["fuzzer"], article.sentences[1], AnnotationEntry(verdict, "Mine."))
    other = import_article(team, people["fuzzer"], ArticleDraft("Other", TEXT + " More.")).article
    settled = settle_sentence(people["fuzzer"], other.sentences[0], Verdict.verified, "Budget.")
    name = add_name(people["fuzzer"], team.id, NameEntry("City council"))
    note = notify(people["fuzzer"].id, NotificationKind.mention, people["author"], article, "Hi", 1)
    token = create_token(people["fuzzer"], "spare")[0]
    people["fuzzer"].is_instance_admin = True  # so the Accounts page's forms read their input
    invitation = create_invitation(people["fuzzer"], team, "guest@example.org", Role.viewer)[0]
    draft = unplaced_draft(article, people["fuzzer"])
    hook = create_endpoint(
        people["fuzzer"], team, "https://hooks.example.org/", "", ALL_EVENTS, False
    )
    delivery = WebhookDelivery(
        endpoint_id=hook.id, message_id="msg_fuzz", event_type="article.published", body="{}"
    )
    db.session.add(delivery)
    db.session.commit()
    return {
        "endpoint_id": hook.id,
        "delivery_id": delivery.id,
        "slug": team.slug,
        "article_id": article.id,
        "index": 1,
        "number": 1,
        "annotation_id": flag.id,
        "comment_id": thread.id,
        "resolution_id": settled.id,
        "name_id": name.id,
        "notification_id": note.id,
        "token_id": token.id,
        "user_id": people["target"].id,
        "reviewer_id": people["author"].id,
        "kind": "annotation",
        "record_id": flag.id,
        "invitation_id": invitation.id,
        "draft_id": draft.id,
        "token": unsubscribe_token("test-secret", people["target"].id, "digest"),
        "rating_id": rating_scale(team.id)[1].id,
    }


def route_of(app, endpoint: str):
    return next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def post(client, app, endpoint: str, values: dict, fields: dict, token: str):
    rule = route_of(app, endpoint)
    path = rule.build({name: values[name] for name in rule.arguments})[1]
    if "GET" in rule.methods and "POST" not in rule.methods:
        query = urlencoded(fields, token)
        return client.get(f"{path}?{query}")
    if any(isinstance(value, tuple) for value in fields.values()):
        return client.post(path, data=multipart(fields, token))
    body = urlencoded(fields, token)
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded")


# --- the tests --------------------------------------------------------------------------------

ANONYMOUS = {"auth.login", "auth.setup", "invitations.join"}
OWN_SESSION = {"auth.logout", "auth.change_password"}


@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_form_answers_random_data_without_server_error(newsroom, endpoint):
    app, editor, values = newsroom
    with app.app_context():
        client = editor
        if endpoint in ANONYMOUS | OWN_SESSION:
            # Logging out, or a failed login, must not end the fuzzer's own session.
            client = app.test_client()
            if endpoint in OWN_SESSION:
                log_in(client, "author@example.org")
        token = csrf_token(client, "/login" if endpoint in ANONYMOUS else "/")
        with app.test_request_context():
            strategy = form_strategy(FORMS[endpoint])

        @settings(settings.get_profile("form-fuzz"))
        @given(fields=strategy)
        def answers_without_server_error(fields):
            response = post(client, app, endpoint, values, fields, token)
            response.close()
            assert 200 <= response.status_code < 500, (endpoint, fields, response.status_code)

        answers_without_server_error()
        assert_database_valid()


def assert_database_valid() -> None:
    """The audit chain is intact, no text holds a character no field may hold, and SQLite
    finds no corruption or dangling reference."""
    assert verify_chain().intact
    assert stored_unusable_text() == []
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(sa.text("PRAGMA foreign_key_check")).all() == []


def stored_unusable_text() -> list[str]:
    """Name every stored text holding NUL, another control character or a lone surrogate."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, sa.String):
                    continue
                for value in connection.execute(sa.select(column)).scalars():
                    if isinstance(value, str) and limits.unusable_character(value):
                        found.append(f"{table.name}.{column.name}: {value[:60]!r}")
    return found


def app_form_classes() -> set[type]:
    """Every FlaskForm subclass defined in annotator.web, after importing all its modules."""
    for module in pkgutil.iter_modules(annotator.web.__path__):
        importlib.import_module(f"annotator.web.{module.name}")
    found, pending = set(), [FlaskForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("annotator."):
                found.add(subclass)
    return found


def test_every_form_route_and_form_class_is_fuzzed(newsroom):
    app, _, _ = newsroom
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.endpoint.startswith("api.")
    }
    assert posting | {"search.index", "articles.index"} == set(FORMS)
    listed = {form for form in FORMS.values() if form is not None}
    # Subforms (FormField) are fuzzed through their parent form.
    assert {form for form in app_form_classes() if issubclass(form, FlaskForm)} <= listed
    assert all(issubclass(form, Form) for form in listed)
