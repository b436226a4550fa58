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
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from annotator import limits
from annotator.errors import ValidationError
from annotator.models import Role
from annotator.web.input_checks import LARGEST_ID

#: Offsets, ids and versions: never negative, and stored in 32-bit columns.
WHOLE_NUMBER = NumberRange(min=0, max=LARGEST_ID)
ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class Within:
    """Check a text field against its limit in annotator/limits.py, as the services do.

    Its length, and its characters: a one-line field takes no tab or line break, no field
    a control character. The browser gets the length as ``maxlength``.
    """

    def __init__(self, limit: limits.TextLimit):
        self.limit = limit
        self.field_flags = {"maxlength": limit.most}

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and (problem := self.limit.problem(field.data)):
            raise StopValidation(problem)


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Within(limits.EMAIL)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField("Remember me")


class NewPasswordMixin:
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )


class FirstAdminForm(NewPasswordMixin, FlaskForm):
    newsroom = StringField(
        "Your newsroom's name",
        validators=[DataRequired("Name your newsroom."), Within(limits.TEAM_NAME)],
    )
    name = StringField("Your name", validators=[DataRequired(), Within(limits.PERSON_NAME)])
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Within(limits.EMAIL)])


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])


class ImportArticleForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Within(limits.ARTICLE_TITLE)])
    text = TextAreaField("Text")
    file = FileField("Or upload a file (.txt, .md, .html)")
    source_url = URLField("Source URL", validators=[Optional(), Within(limits.WEB_ADDRESS)])
    publisher = StringField("Publisher", validators=[Optional(), Within(limits.PUBLISHER)])
    published_on = DateField("Published on", validators=[Optional()])
    language = StringField(
        "Language", default="en", validators=[DataRequired(), Within(limits.LANGUAGE_TAG)]
    )


class SourceForm(Form):
    url = URLField("Source URL", validators=[Optional(), Within(limits.WEB_ADDRESS)])
    title = StringField("Source title", validators=[Optional(), Within(limits.SOURCE_TITLE)])
    quote = TextAreaField("Quoted passage", validators=[Optional(), Within(limits.SOURCE_QUOTE)])


class AnnotationForm(FlaskForm):
    verdict = HiddenField("Verdict")
    note = TextAreaField("Note", validators=[Optional(), Within(limits.NOTE)])
    span_start = IntegerField("Span start", validators=[Optional(), WHOLE_NUMBER])
    span_end = IntegerField("Span end", validators=[Optional(), WHOLE_NUMBER])
    span_text = StringField(
        "Words at fault", validators=[Optional(), Within(limits.WORDS_AT_FAULT)]
    )
    # No max_entries: WTForms would silently drop the rows past it. The service counts the
    # filled rows against limits.SOURCES and answers 422 with every row still on the form.
    sources = FieldList(FormField(SourceForm), min_entries=1)
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])


class ClearVerdictForm(FlaskForm):
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])


class InviteForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Within(limits.EMAIL)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="reviewer")


class MemberRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)])


class SwitchTeamForm(FlaskForm):
    team_id = IntegerField("Team", validators=[DataRequired(), WHOLE_NUMBER])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state."""


#: A form whose fields the page fills in fails its check when its CSRF token expired (or
#: when it was forged): either way, reloading the page is the answer.
EXPIRED = "The form expired; reload the page and try again."


def check_posted(form: FlaskForm | None = None) -> FlaskForm:
    """Return the posted form (an EmptyForm for a bare button), or refuse it as expired."""
    form = EmptyForm() if form is None else form
    if not form.validate_on_submit():
        raise ValidationError(EXPIRED)
    return form
