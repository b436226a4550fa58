"""Copy a service's ValidationError back onto the form fields it concerns."""

from flask_wtf import FlaskForm

from annotator.errors import ValidationError


def copy_errors(form: FlaskForm, error: ValidationError) -> None:
    """Attach each message to its field (sources-0-url style names too), or to the form."""
    for name, message in error.fields.items():
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
