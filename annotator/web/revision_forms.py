"""Forms of article revisions: a new version of the text, and attaching unplaced work."""

from flask_wtf import FlaskForm
from wtforms import FileField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange

from annotator import limits
from annotator.web.forms import Within


class ReviseArticleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Within(limits.ARTICLE_TITLE)])
    text = TextAreaField("New text")
    file = FileField("Or upload a file (.txt, .md, .html)")


class AttachForm(FlaskForm):
    sentence = IntegerField(
        "Sentence number", validators=[DataRequired(), NumberRange(min=1, max=1_000_000)]
    )
