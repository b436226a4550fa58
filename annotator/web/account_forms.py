"""Forms of the invitation, instance accounts and token pages: shape only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from annotator import limits
from annotator.models import MailCadence
from annotator.web.forms import NewPasswordMixin, Within

CODE_FIELD = [
    DataRequired(message="Paste the invitation link you were given."),
    Within(limits.INVITATION_LINK),
]


class OpenInvitationForm(FlaskForm):
    code = StringField("Invitation link", validators=CODE_FIELD)


class AcceptInvitationForm(FlaskForm):
    code = HiddenField("Invitation code", validators=CODE_FIELD)


class JoinForm(NewPasswordMixin, FlaskForm):
    code = HiddenField("Invitation code", validators=CODE_FIELD)
    name = StringField("Your name", validators=[DataRequired(), Within(limits.PERSON_NAME)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)])


class InstanceAdminForm(FlaskForm):
    change = SelectField(
        "Instance administrator",
        choices=[
            SelectChoice("grant", "Make instance administrator"),
            SelectChoice("revoke", "No longer instance administrator"),
        ],
    )


class RevokeAllTokensForm(FlaskForm):
    confirm = BooleanField(
        "Yes: every script and tool using one of my tokens stops working now",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )


CADENCE_CHOICES = [SelectChoice(cadence.value, cadence.label) for cadence in MailCadence]


class MailPreferencesForm(FlaskForm):
    """How often each kind of news is mailed: field names are the kinds' values."""

    mention = SelectField("When someone mentions me", choices=CADENCE_CHOICES)
    response = SelectField("When someone responds to my flag", choices=CADENCE_CHOICES)
    assignment = SelectField("When an article is assigned to me", choices=CADENCE_CHOICES)
    published = SelectField("When an article I follow is published", choices=CADENCE_CHOICES)
