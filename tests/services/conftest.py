"""What the service tests share: two reviewers of the team, and a span given by its words."""

import pytest

from annotator.models import Role


@pytest.fixture
def rita(make_member):
    return make_member(Role.reviewer, name="Rita Reviewer")


@pytest.fixture
def otto(make_member):
    return make_member(Role.reviewer, name="Otto Other")


def span_of(sentence, words: str) -> tuple[int, int]:
    """Return the article offsets of the first ``words`` in the sentence."""
    start = sentence.article.text.index(words, sentence.start)
    return (start, start + len(words))
