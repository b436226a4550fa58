"""Forms of the HTML pages: they check shape only; services check the rules."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from annotator.input_checks import LARGEST_ID
from annotator.models import Role

#: Offsets, ids and versions: never negative, and stored in 32-bit columns.
WHOLE_NUMBER = NumberRange(min=0, max=LARGEST_ID)
ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField("Remember me")


class NewPasswordMixin:
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )


class FirstAdminForm(NewPasswordMixin, FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=100)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])


class ImportArticleForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    text = TextAreaField("Text")
    file = FileField("Or upload a file (.txt, .md, .html)")
    source_url = URLField("Source URL", validators=[Optional(), Length(max=2000)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published_on = DateField("Published on", validators=[Optional()])
    language = StringField("Language", default="en", validators=[DataRequired(), Length(max=35)])


class SourceForm(Form):
    url = URLField("Source URL", validators=[Optional(), Length(max=2000)])
    title = StringField("Source title", validators=[Optional(), Length(max=300)])
    quote = TextAreaField("Quoted passage", validators=[Optional(), Length(max=5000)])


class AnnotationForm(FlaskForm):
    verdict = HiddenField("Verdict")
    note = TextAreaField("Note", validators=[Optional(), Length(max=10_000)])
    span_start = IntegerField("Span start", validators=[Optional(), WHOLE_NUMBER])
    span_end = IntegerField("Span end", validators=[Optional(), WHOLE_NUMBER])
    span_text = StringField("Words at fault", validators=[Optional(), Length(max=2000)])
    sources = FieldList(FormField(SourceForm), min_entries=1, max_entries=10)
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])


class ClearVerdictForm(FlaskForm):
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])


class AddMemberForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        "Role", choices=[SelectChoice(r.value, r.label) for r in Role], default="reviewer"
    )
    password = PasswordField("Initial password", validators=[Optional(), Length(max=1024)])


class MemberRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)])


class SwitchTeamForm(FlaskForm):
    team_id = IntegerField("Team", validators=[DataRequired(), WHOLE_NUMBER])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state."""
