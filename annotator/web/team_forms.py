"""Forms of the Teams page and a team's settings: shape only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, URLField
from wtforms.validators import DataRequired, Optional

from annotator import limits
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
