"""Numbered pages of an ordered list, for pages that show a long list a slice at a time."""

from collections.abc import Sequence
from dataclasses import dataclass

#: Flags or sentences per page: enough to work through, small enough to render at once.
PAGE_SIZE = 50


@dataclass(frozen=True)
class PageWindow:
    """Which page of how many items is shown; numbers count from 1, as people read them."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, asked: int | None, total: int, size: int = PAGE_SIZE) -> "PageWindow":
        """Return the asked page, or the nearest one that exists (an item may have gone)."""
        pages = max(1, -(-total // size))
        return cls(min(max(asked or 1, 1), pages), size, total)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """The offset of the page's first item in the whole list."""
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The 1-based position of the page's first item, 0 when the list is empty."""
        return self.start + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.start + self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def cut(self, items: Sequence) -> Sequence:
        return items[self.start : self.start + self.size]
