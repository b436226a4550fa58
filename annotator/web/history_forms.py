"""Forms of going back in an annotation: its Undo button and "Restore this version"."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, Optional

from annotator.web.forms import WHOLE_NUMBER


class UndoForm(FlaskForm):
    #: The version the change made: the Undo is for that change and no later one.
    version = IntegerField("Version", validators=[InputRequired(), WHOLE_NUMBER])


class RestoreForm(FlaskForm):
    #: The current version when the history was shown (a change since is refused).
    version = IntegerField("Version", validators=[Optional(), WHOLE_NUMBER])
