"""The editor's desk filters: a GET form, so a filtered list is an address to bookmark."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from annotator.models import ArticleState
from annotator.services.desk import DeskFilter, DeskSort
from annotator.web.input_checks import LARGEST_ID

#: What a ticked box sends, and what an unticked one may send when typed into an address.
TICKED, UNTICKED = ("1", "on", "y", "yes", "true"), ("", "0", "off", "n", "no", "false")


class Switch(BooleanField):
    """A checkbox that refuses values it does not know, rather than reading them as ticked."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip().lower() if valuelist else ""
        self.data = self.raw in TICKED

    def pre_validate(self, form):
        if getattr(self, "raw", "") not in TICKED + UNTICKED:
            raise ValidationError("Use 1 to turn this filter on, or leave it out.")


class DeskForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    state = SelectField(
        "State",
        choices=[SelectChoice("", "Any state")]
        + [SelectChoice(s.value, s.label) for s in ArticleState],
        validators=[Optional()],
        invalid_choice_message="Choose one of the listed workflow states.",
    )
    mine = Switch("Assigned to me", false_values=UNTICKED)
    overdue = Switch("Overdue", false_values=UNTICKED)
    disputed = Switch("Open disagreements", false_values=UNTICKED)
    sort = SelectField(
        "Sort by",
        choices=[SelectChoice(s.value, s.label) for s in DeskSort],
        default=DeskSort.activity.value,
        validators=[Optional()],
        invalid_choice_message="Choose one of the listed orders.",
    )
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=LARGEST_ID)])

    def chosen(self) -> DeskFilter:
        """Return the filter the form asks for (call after a successful validate)."""
        return DeskFilter(
            state=ArticleState(self.state.data) if self.state.data else None,
            mine=self.mine.data,
            overdue=self.overdue.data,
            disputed=self.disputed.data,
            sort=DeskSort(self.sort.data or DeskSort.activity.value),
            page=self.page.data,
        )
