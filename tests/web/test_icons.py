"""The site's icon answers at /favicon.ico, for anyone, kept by browsers for a long time."""

from annotator.web.icons import ICON_MAX_AGE
from tests.conftest import REPOSITORY


def test_favicon_answers_with_the_icon_and_a_long_cache(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data == (REPOSITORY / "static" / "favicon.ico").read_bytes()
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert response.cache_control.max_age == ICON_MAX_AGE >= 30 * 24 * 3600


def test_pages_link_the_icon(client, make_member):
    make_member()
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/login").text
