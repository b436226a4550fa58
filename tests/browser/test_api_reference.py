"""The API reference page in a real browser: readable on a phone, and by a screen reader."""

import pytest

from tests.browser.test_reviewer_day import AXE, PHONE, axe_violations, shoot
from tests.conftest import unavailable

pytestmark = pytest.mark.browser


@pytest.fixture
def axe_installed():
    if not AXE.exists():
        unavailable("axe-core is not installed (npm install --prefix tests/browser)")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_api_reference_passes_axe_and_fits_a_phone(live_server, browser, axe_installed, width):
    viewport = PHONE if width == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server}/api/v1/reference")
    page.locator("#schema-AnnotationEntry").get_by_text("The words at fault").wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    found = axe_violations(page)
    shoot(page, f"api-reference-{width}")
    context.close()
    assert overflow <= 0, f"the reference scrolls sideways by {overflow}px at {width} width"
    assert found == []
