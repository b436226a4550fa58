"""One rule for every `next` and `back` target: a path on this site, or the safe default."""

import pytest

from annotator.extensions import db
from annotator.models import Role, Stance, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.web.local_paths import MAX_LENGTH, is_local_path, local_path
from tests.conftest import PASSWORD

FALLBACK = "/fallback"

#: Paths our own pages send as `next`: each is kept as it is.
LOCAL = [
    "/",
    "/articles/3",
    "/articles/3/sentences/0",
    "/review?article=3&verdict=disputed",
    "/articles/3/settle?page=2#case-51",
    "/search?q=bridge+cost&since=2026-01-01",
    "/search?q=caf%C3%A9",
    "/names/M%C3%BCnchen",
    "/a/b.c/..d/e..",
    "/articles/3?next=/login",
    "/@evil.example",  # a path named "@evil.example" on this site, not a user name
]

#: Targets that leave the site, or could once a browser, a proxy or a decoder reads them.
UNSAFE = [
    # absolute addresses and schemes
    "https://evil.example/",
    "http://evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:someone@evil.example",
    "evil.example",
    "articles/3",
    "",
    # scheme-relative, and user names in an authority
    "//evil.example",
    "//evil.example/articles/3",
    "///evil.example",
    "//user@evil.example",
    "//user:password@evil.example/x",
    "https://user:password@evil.example/",
    # backslashes, which browsers read as slashes
    "/\\evil.example",
    "/\\\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/articles\\..\\..\\evil.example",
    "/articles/3\\",
    # tabs, newlines and other control characters, which browsers drop before parsing
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    "/articles/3\r\nSet-Cookie: planted=1",
    "/\x00/evil.example",
    "/\x1b[31m",
    "/\x7f",
    "/\x85/evil.example",
    # spaces, invisible and direction characters
    "/ /evil.example",
    " /articles/3",
    "/articles/3 ",
    "/\u00a0/evil.example",
    "/\u2028/evil.example",
    "/\u200b/evil.example",
    "/\u202e/evil.example",
    "/\ufeff/evil.example",
    # percent-encoded slashes and backslashes, in any case and encoded again
    "/%2fevil.example",
    "/%2Fevil.example",
    "/%5cevil.example",
    "/%5Cevil.example",
    "/%252fevil.example",
    "/%252Fevil.example",
    "/%255cevil.example",
    "/%25252fevil.example",
    "/articles%2f..%2f..%2fevil.example",
    "/search?q=a%2Fb",
    # dot segments, plain and encoded
    "/..",
    "/../evil.example",
    "/articles/../../evil.example",
    "/./articles",
    "/%2e%2e/evil.example",
    "/%2E%2E//evil.example",
    "/..//evil.example",
    # longer than any page of ours
    "/" + "a" * MAX_LENGTH,
]


@pytest.mark.parametrize("target", LOCAL)
def test_a_path_on_this_site_is_kept(target):
    assert is_local_path(target)
    assert local_path(target, FALLBACK) == target


@pytest.mark.parametrize("target", UNSAFE)
def test_a_target_that_could_leave_the_site_falls_back(target):
    assert not is_local_path(target)
    assert local_path(target, FALLBACK) == FALLBACK


@pytest.mark.parametrize("target", [None, 3, b"/articles/3", ["/"]])
def test_a_target_that_is_not_text_falls_back(target):
    assert local_path(target, FALLBACK) == FALLBACK


@pytest.mark.parametrize("target", UNSAFE)
def test_login_never_sends_anyone_off_the_site(client, make_member, target):
    user = make_member(Role.reviewer)
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.status_code in {302, 400}  # 400: the request gate refuses NUL and escapes
    if response.status_code == 302:
        assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/articles/3", "/review?article=3&verdict=disputed"])
def test_login_goes_on_to_a_path_on_this_site(client, make_member, target):
    user = make_member(Role.reviewer)
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == target


@pytest.fixture
def flag(team, make_member):
    """A teammate's flag the logged-in reviewer can respond to."""
    author = make_member(Role.reviewer)
    article = import_article(team, None, ArticleDraft("Bridge", "One. Two.")).article
    flag = annotate_sentence(author, article.sentences[0], AnnotationEntry(Verdict.disputed))
    db.session.commit()
    return flag


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "/%2f/evil.example", "/\t/evil.example"]
)
def test_a_response_form_sends_back_only_to_this_site(client, login, make_member, flag, target):
    login(make_member(Role.editor))
    sentence = f"/articles/{flag.article_id}/sentences/0"
    response = client.post(
        f"/annotations/{flag.id}/response",
        data={"stance": Stance.agree.value, "next": target},
    )
    assert response.headers["Location"] == sentence


def test_a_response_form_goes_back_to_the_page_it_came_from(client, login, make_member, flag):
    login(make_member(Role.editor))
    back = f"/review?article={flag.article_id}"
    response = client.post(
        f"/annotations/{flag.id}/response", data={"stance": Stance.agree.value, "next": back}
    )
    assert response.headers["Location"] == back
