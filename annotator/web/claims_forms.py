"""Forms of the triage, team memory and names pages: they check shape only."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from annotator import limits
from annotator.models import NameKind
from annotator.web.forms import WHOLE_NUMBER, Within


class NameForm(FlaskForm):
    name = StringField("Canonical name", validators=[DataRequired(), Within(limits.CANONICAL_NAME)])
    kind = SelectField(
        "Kind", choices=[SelectChoice(k.value, k.label) for k in NameKind], default="body"
    )
    aliases = TextAreaField(
        "Aliases",
        validators=[Optional(), Within(limits.ALIASES_BOX)],
        description="One per line.",
    )


class NamesImportForm(FlaskForm):
    file = FileField("CSV file (name, kind, aliases separated by semicolons)")


class AdoptForm(FlaskForm):
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])
