"""One way for a view to answer a service's refusal.

    with refusals(form) as refused:
        result = service(...)
    if not refused:
        db.session.commit()
        return redirect(...)
    return render_template(...), 422

Whatever the service wrote is rolled back; its messages go onto the form's fields (the
view shows the form again), or, without a form, into a message shown on the next page.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash
from flask_wtf import FlaskForm

from annotator.errors import InvalidTransition, StaleVersion, ValidationError
from annotator.extensions import db

#: What a service refuses on purpose, as opposed to "not found" or "not allowed", which the
#: error handlers answer with their own pages.
REFUSALS = (ValidationError, InvalidTransition, StaleVersion)


@dataclass
class Refusal:
    """The service's refusal, if any: false while nothing was refused."""

    error: Exception | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        """The HTTP status of a page that shows the refusal: 422, or 409 for a conflict."""
        return self.error.status if self.error is not None else 200


@contextmanager
def refusals(form: FlaskForm | None = None, about: str = "") -> Iterator[Refusal]:
    """Run service calls; on a refusal, roll back and say why (see the module's docstring).

    ``about`` names what the message is about when it is flashed ("Rita: ...").
    """
    refusal = Refusal()
    try:
        yield refusal
    except REFUSALS as error:
        db.session.rollback()
        refusal.error = error
        if form is None:
            flash(f"{about}: {error.message}" if about else error.message, "error")
        else:
            copy_errors(form, getattr(error, "fields", {"": error.message}))


def copy_errors(form: FlaskForm, fields: dict[str, str]) -> None:
    """Attach each message to its field (sources-0-url style names too), or to the form."""
    for name, message in fields.items():
        field = find_field(form, name)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def find_field(form, name: str):
    """Return the field a dashed name such as ``sources-0-url`` points to, if any."""
    if name in form._fields:
        return form._fields[name]
    head, _, rest = name.partition("-")
    field = form._fields.get(head)
    while field is not None and rest:
        key, _, rest = rest.partition("-")
        if key.isdigit():
            entries = getattr(field, "entries", [])
            field = entries[int(key)] if int(key) < len(entries) else None
        else:
            field = getattr(field, "form", field)._fields.get(key) if field else None
    return field
