"""Forms of the review pages: they check shape only; services check the rules."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional

from annotator import limits
from annotator.models import Stance, Verdict
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
