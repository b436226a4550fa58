"""Numbered pages of a long list: which page is shown and what its links point to."""

import pytest

from annotator.services.paging import PageWindow


@pytest.mark.parametrize(
    ("asked", "total", "shown"),
    [
        (None, 0, (1, 1, 0, 0, None, None)),
        (None, 120, (1, 3, 1, 50, None, 2)),
        (2, 120, (2, 3, 51, 100, 1, 3)),
        (3, 120, (3, 3, 101, 120, 2, None)),
        (9, 120, (3, 3, 101, 120, 2, None)),
        (-4, 120, (1, 3, 1, 50, None, 2)),
        (1, 50, (1, 1, 1, 50, None, None)),
    ],
    ids=["empty", "first", "middle", "last", "beyond-last", "below-first", "exactly-one-page"],
)
def test_window_shows_the_asked_page_or_the_nearest_that_exists(asked, total, shown):
    window = PageWindow.of(asked, total)
    assert (
        window.number,
        window.pages,
        window.first,
        window.last,
        window.previous,
        window.next,
    ) == shown


def test_window_cuts_its_items_from_the_whole_list():
    assert PageWindow.of(2, 7, size=3).cut(list(range(7))) == [3, 4, 5]
