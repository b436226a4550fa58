"""Forms of the Teams page and a team's settings: shape only."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional

from annotator import limits
from annotator.models import Verdict
from annotator.services.rating_scale import RatingDraft
from annotator.web.forms import Within

NAME_REQUIRED = DataRequired(message="Enter a team name.")


class TeamNameForm(FlaskForm):
    name = StringField("Team name", validators=[NAME_REQUIRED, Within(limits.TEAM_NAME)])


class TeamSettingsForm(FlaskForm):
    name = StringField("Team name", validators=[NAME_REQUIRED, Within(limits.TEAM_NAME)])
    publisher_name = StringField(
        "Publisher name", validators=[Optional(), Within(limits.PUBLISHER)]
    )
    site_url = URLField("Site address", validators=[Optional(), Within(limits.WEB_ADDRESS)])
    logo_url = URLField("Logo address", validators=[Optional(), Within(limits.WEB_ADDRESS)])
    public_pages = BooleanField("Publish public fact-check pages")
    public_reviewer_names = BooleanField("Name the reviewers on public pages")


class RatingForm(FlaskForm):
    """One entry of a team's rating scale; the service checks the rules that join fields."""

    label = StringField("Label", validators=[Optional(), Within(limits.RATING_LABEL)])
    description = TextAreaField(
        "What it means", validators=[Optional(), Within(limits.RATING_DESCRIPTION)]
    )
    verdict = SelectField(
        "Stands for the verdict",
        choices=[SelectChoice("", "Choose…"), *(SelectChoice(v.value, v.label) for v in Verdict)],
        coerce=lambda verdict: getattr(verdict, "value", verdict),
        validate_choice=False,
    )
    value = IntegerField(
        "Number (optional)",
        validators=[Optional(), NumberRange(min=1, max=5, message="Give a whole number 1 to 5.")],
    )

    def draft(self) -> RatingDraft:
        return RatingDraft(
            self.label.data or "", self.description.data or "", self.verdict.data, self.value.data
        )


class MoveForm(FlaskForm):
    direction = HiddenField("Direction", validators=[AnyOf(["up", "down"])])


class NewRatingForm(RatingForm):
    """The scale page's form for a new entry: its fields are named new-label, new-verdict…"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="new", **kwargs)
