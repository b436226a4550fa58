"""The article page against its floor: the same rows by plain SQL, the same templates on dicts.

The floor of a page is what no data layer can avoid: sending the page's own SQL statements
through the database driver, turning every row into a dict, and rendering the page's
templates (the app's Jinja environment, in a request) from plain data. To get "the same rows"
and "the same HTML" the page is served once while its statements and its template context
(the page's one read model, services/article_page.py) are recorded; every ORM entity or row
in there becomes a plain dict. Page and floor are then timed in turns in this one process.

What the floor includes, each time it is timed:

- every SQL statement the page sent, with its parameters, through the bare DBAPI cursor, each
  row turned into a dict (``fetch_plain``);
- the pure computation the page needs from those rows: the agreement figures (Krippendorff's
  alpha, percent agreement, pairwise kappas, disagreeing sentences), computed by the pure
  ``agreement_of`` from the plain verdict rows the floor fetched (``computing_review``);
- rendering the page's template with the app's Jinja environment inside a request, from the
  plain context: the rest of the read model is handed back as recorded, made plain (its rows
  are among the statements above, and what the service did with them is lookups).
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections import namedtuple
from enum import Enum

import flask
import sqlalchemy as sa
from flask_login import login_user

#: The columns of the statement that reads the current verdicts (services.agreement).
VERDICT_COLUMNS = ["article_id", "sentence_id", "reviewer_id", "verdict"]
VerdictRow = namedtuple("VerdictRow", VERDICT_COLUMNS)


class Record(dict):
    """A plain dict whose keys also read as attributes, as Jinja and the page's helpers do."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def plain(value, seen: dict | None = None):
    """Return value with every ORM entity or result row replaced by a Record of its columns."""
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, sa.Row):
        return Record((k, plain(v, seen)) for k, v in value._mapping.items())
    state = sa.inspect(value, raiseerr=False)
    if isinstance(state, sa.orm.InstanceState):
        record = seen[id(value)] = Record()
        record.update((k, plain(v, seen)) for k, v in state.dict.items())
        return record
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: plain(getattr(value, f.name), seen) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(plain(v, seen) for v in value))
    if isinstance(value, list | tuple):
        return type(value)(plain(v, seen) for v in value)
    if isinstance(value, dict) and not isinstance(value, Enum):
        return {k: plain(v, seen) for k, v in value.items()}
    return value


@dataclasses.dataclass
class Recording:
    """What serving the page once asked of the database and handed to its templates."""

    statements: list[tuple[str, object]]
    template: str
    #: The template context, the read model ``page`` included, made plain.
    context: dict
    user: Record


def record_page(app: flask.Flask, client, path: str) -> Recording:
    """Serve the page once; record its SQL and its template context."""
    from annotator.extensions import db

    statements: list[tuple[str, object]] = []
    rendered: list[tuple[str, dict]] = []

    def on_statement(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    def on_render(_app, template, context):
        rendered.append((template.name, dict(context)))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", on_statement)
    flask.template_rendered.connect(on_render, app)
    try:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
    finally:
        flask.template_rendered.disconnect(on_render, app)
        sa.event.remove(engine, "before_cursor_execute", on_statement)
    name, context = rendered[-1]
    user = context["current_user"]
    user = getattr(user, "_get_current_object", lambda: user)()
    with app.app_context():
        context = {k: v for k, v in context.items() if k not in ("g", "request", "session")}
        return Recording(statements, name, plain(context), plain(user) | {"user": user})


def fetch_plain(engine: sa.Engine, statements: list[tuple[str, object]]) -> list[list[dict]]:
    """Send the statements through the bare DBAPI connection; return each one's rows as dicts."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        results = []
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            names = [column[0] for column in cursor.description or ()]
            results.append([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
        cursor.close()
        connection.rollback()
        return results
    finally:
        connection.close()


def render_plain(app: flask.Flask, recording: Recording, path: str, rows: list) -> str:
    """Render the page's template from the recorded, plain context inside a request, its
    agreement figures computed from the fetched rows."""
    with app.test_request_context(path):
        login_user(recording.user["user"])
        template = app.jinja_env.get_template(recording.template)
        context = recording.context | {"current_user": current_user_record(recording.user)}
        if "page" in context:
            context["page"] = computing_review(context["page"], verdict_rows(rows))
        return template.render(context)


def same_figures(recording: Recording, rows: list) -> None:
    """Fail unless the floor computes the agreement figures the page showed."""
    if "page" not in recording.context:
        return
    page = recording.context["page"]
    floor = computing_review(page, verdict_rows(rows)).review.figures
    shown = page.review.figures
    assert (floor.alpha, floor.percent, floor.disagreements) == (
        shown.alpha,
        shown.percent,
        shown.disagreements,
    ), "the floor's agreement figures differ from the page's"


def verdict_rows(results: list[list[dict]]) -> list[VerdictRow]:
    """Return the rows of the statement that read the current verdicts, as named tuples (a
    Record's attributes go through Python's __getattr__, ten times slower than a tuple's)."""
    for rows in results:
        if rows and list(rows[0]) == VERDICT_COLUMNS:
            return [VerdictRow._make(row.values()) for row in rows]
    return []


def computing_review(page, rows: list[VerdictRow]):
    """Return the recorded read model with its agreement figures computed from the verdict
    rows (the page computes them from the same rows)."""
    from annotator.services.agreement import agreement_of

    reviewers = {reviewer.id: reviewer for reviewer in page.review.figures.reviewers}
    figures = agreement_of(rows, reviewers)
    return dataclasses.replace(page, review=dataclasses.replace(page.review, figures=figures))


def current_user_record(user: Record) -> Record:
    fields = {k: v for k, v in user.items() if k != "user"}
    return Record(fields, is_authenticated=True, is_active=True, is_anonymous=False)


def time_page_and_floor(app, client, path: str, budget: float) -> tuple[float, float, float]:
    """Return the median seconds of the page, of its floor's SQL and of its floor's rendering."""
    from annotator.extensions import db

    recording = record_page(app, client, path)
    with app.app_context():
        engine = db.engine
    same_figures(recording, fetch_plain(engine, recording.statements))
    page, fetching, rendering = [], [], []
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline or len(page) < 3:
        started = time.perf_counter()
        client.get(path).get_data()
        page.append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = fetch_plain(engine, recording.statements)
        fetching.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_plain(app, recording, path, rows)
        rendering.append(time.perf_counter() - started)
    return statistics.median(page), statistics.median(fetching), statistics.median(rendering)


def time_pair(client, first: str, second: str, budget: float) -> tuple[float, float]:
    """Return the median seconds of two pages served in turns (so both share the noise)."""
    times: tuple[list[float], list[float]] = ([], [])
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline or len(times[0]) < 3:
        for path, seconds in zip((first, second), times, strict=True):
            started = time.perf_counter()
            client.get(path).get_data()
            seconds.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


@dataclasses.dataclass
class FloorFigures:
    """Median seconds, in process: the page, its floor's SQL and rendering, the report."""

    page: float
    fetching: float
    rendering: float
    #: The page again, timed in turns with the report so both share the machine's noise.
    paired_page: float
    report: float

    @property
    def floor(self) -> float:
        return self.fetching + self.rendering


def time_floor(app: flask.Flask, article_id: int, email: str, password: str, budget: float):
    """Log in; time the article page against its floor, then against the HTML report."""
    from annotator.extensions import db

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"email": email, "password": password})
    page_path = f"/articles/{article_id}"
    page, fetching, rendering = time_page_and_floor(app, client, page_path, budget)
    paired_page, report = time_pair(client, page_path, f"{page_path}/export/html", budget)
    with app.app_context():
        db.engine.dispose()
    return FloorFigures(page, fetching, rendering, paired_page, report)
