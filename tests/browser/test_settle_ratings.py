"""The settle form's rating follows the verdict chosen, in a real browser."""

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_screens import EDITOR, newsroom  # noqa: F401 - the seeded server

pytestmark = pytest.mark.browser


def test_choosing_a_verdict_offers_only_its_ratings_and_takes_its_first(browser, newsroom):  # noqa: F811
    base, ids = newsroom
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, EDITOR)
    page.goto(f"{base}/articles/{ids['demo']}/settle?show=open")
    form = page.locator("form.settle-form").first
    select = form.locator("select.rating-choice")
    form.locator("input[name=verdict][value=disputed]").check()
    assert select.locator("option:checked").inner_text().startswith("Misleading")
    assert form.locator('optgroup[data-verdict="verified"]').evaluate("g => g.disabled")
    assert not form.locator('optgroup[data-verdict="disputed"]').evaluate("g => g.disabled")
    form.locator("input[name=verdict][value=unverified]").check()
    assert select.locator("option:checked").inner_text() == "Unproven"
    context.close()
    assert errors == []
