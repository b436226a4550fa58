"""Slugs made from titles: readable, short, and never empty."""

import pytest

from annotator.text.slugs import FALLBACK, is_slug, numbered, slug_of


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The bridge cost €4 million", "the-bridge-cost-4-million"),
        ("Café owners: “no”!", "cafe-owners-no"),
        ("İstanbul Übergang", "istanbul-ubergang"),
        ("Ελληνικά νέα", "ελληνικα-νεα"),
        ("東京 の ニュース", "東京-の-ニュース"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("!!! ???", FALLBACK),
        ("", FALLBACK),
    ],
)
def test_slug_of_keeps_letters_and_digits_of_every_script(title, slug):
    assert slug_of(title) == slug
    assert is_slug(slug)


def test_slug_of_cuts_at_a_word_boundary():
    assert slug_of("alpha beta gamma", limit=11) == "alpha-beta"
    assert slug_of("x" * 100, limit=10) == "x" * 10


@pytest.mark.parametrize("text", ["", "A", "a--b", "-a", "a-", "a b", "a/b", "a.b", "x" * 91])
def test_is_slug_refuses_what_no_title_makes(text):
    assert not is_slug(text)


def test_numbered_leaves_the_first_alone():
    assert [numbered("a", n) for n in (1, 2, 10)] == ["a", "a-2", "a-10"]
