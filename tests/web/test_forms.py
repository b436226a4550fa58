"""Posted forms: a form the page fills in that fails its check is refused as expired."""

import re

import pytest

from annotator.errors import ValidationError
from annotator.web.forms import EXPIRED, EmptyForm, check_posted
from annotator.web.review_forms import BlindReviewForm


def test_check_posted_returns_a_bare_button_form_that_passes(app):
    with app.test_request_context(method="POST", data={}):
        assert isinstance(check_posted(), EmptyForm)


@pytest.mark.parametrize("value", ["on", "off"])
def test_check_posted_returns_a_filled_in_form_that_passes(app, value):
    with app.test_request_context(method="POST", data={"blind": value}):
        assert check_posted(BlindReviewForm()).blind.data == value


@pytest.mark.parametrize("value", ["maybe", ""])
def test_check_posted_refuses_a_filled_in_form_that_fails_as_expired(app, value):
    posted = app.test_request_context(method="POST", data={"blind": value})
    with posted, pytest.raises(ValidationError, match=re.escape(EXPIRED)):
        check_posted(BlindReviewForm())


def test_check_posted_refuses_a_get(app):
    with app.test_request_context(method="GET"), pytest.raises(ValidationError):
        check_posted()
