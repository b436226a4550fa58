"""Forms of the review pages: they check shape only; services check the rules."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional

from annotator import limits
from annotator.models import ClaimantKind, Stance, Verdict
from annotator.services.settling import ClaimDetails
from annotator.web.forms import WHOLE_NUMBER, Within


class ResponseForm(FlaskForm):
    stance = RadioField(
        "Your response",
        choices=[SelectChoice(s.value, s.label) for s in Stance],
        validators=[DataRequired()],
    )
    comment = TextAreaField("Comment", validators=[Optional(), Within(limits.RESPONSE_COMMENT)])


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Within(limits.DISCUSSION_COMMENT)])
    parent_id = IntegerField("Reply to", validators=[Optional(), WHOLE_NUMBER])


class SettleForm(FlaskForm):
    verdict = RadioField(
        "Final verdict",
        choices=[SelectChoice(v.value, v.label) for v in Verdict],
        validators=[DataRequired(message="Choose the final verdict.")],
    )
    rationale = TextAreaField("Rationale", validators=[Optional(), Within(limits.RATIONALE)])
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])
    #: Left out (a one-click settlement), each takes the suggestion (services/settling.py).
    rating_id = IntegerField("Rating", validators=[Optional(), WHOLE_NUMBER])
    claimant_name = StringField(
        "Who made the claim", validators=[Optional(), Within(limits.CLAIMANT)]
    )
    claimant_kind = RadioField(
        "A person or an organisation",
        choices=[SelectChoice(k.value, k.label) for k in ClaimantKind],
        validators=[Optional()],
        validate_choice=False,
    )
    claim_url = URLField(
        "Where the claim appeared", validators=[Optional(), Within(limits.WEB_ADDRESS)]
    )

    def claim_details(self, posted) -> ClaimDetails:
        """Return the details as posted; a field left out of the form takes the suggestion."""
        given = {name: posted.get(name) for name in ("claimant_name", "claimant_kind", "claim_url")}
        return ClaimDetails(self.rating_id.data, **given)


class VersionForm(FlaskForm):
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])


class TransitionForm(FlaskForm):
    state = HiddenField("State", validators=[DataRequired()])


class BlindReviewForm(FlaskForm):
    blind = HiddenField("Blind review", validators=[AnyOf(["on", "off"])])


class AssignForm(FlaskForm):
    reviewer_id = SelectField("Reviewer", coerce=int, validators=[DataRequired()])
    due_on = DateField(
        "Due on (optional)",
        validators=[Optional()],
        invalid_value_message="Enter a real day as YYYY-MM-DD, or leave it empty.",
    )


class ReviewersWantedForm(FlaskForm):
    count = IntegerField(
        "Independent reviewers wanted",
        validators=[Optional(), NumberRange(min=0, max=limits.REVIEWERS_WANTED)],
    )
