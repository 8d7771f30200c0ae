"""Pages of a list that grows: which page was asked for, and the links to the pages either side.

Every list that can grow past a screenful is shown a page at a time through ``Pager`` and drawn with
``{% include "includes/pager.html" with pager=... label=... %}`` (roundtable/ui), so every paged list
has the same links: plain ``?page=N`` links that work without JavaScript, with "Page N of M" said to
screen readers, and the page's other choices (such as a filter) kept in the link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

# Far past any real list; a bigger number is a made-up link and is treated as page 1.
LAST_PAGE_ASKED = 100_000


def page_number(raw: str | None) -> int:
    """The ?page= number asked for: a whole number from 1 up; anything else (empty, "x", "0", "-2",
    "1.5", a huge number) means page 1, never an error."""
    raw = (raw or "").strip()
    if not raw.isdigit():
        return 1
    number = int(raw)
    return number if 0 < number < LAST_PAGE_ASKED else 1


@dataclass(frozen=True)
class Pager:
    """One page of a list of ``total`` rows, ``per_page`` at a time (pages count from 1).

    ``query`` holds the page's other choices (for example ``{"status": "failed"}``) to keep in the
    links. ``exists`` is False for a page past the last one (the view answers 404); page 1 always
    exists, even for an empty list. ``param`` names the query parameter that carries the page number
    (``page`` unless a page shows more than one paged list, each with its own name, such as ``waiting``).
    """

    page: int
    per_page: int
    total: int
    query: tuple[tuple[str, str], ...] = ()
    param: str = "page"

    @classmethod
    def build(
        cls, *, page: int, per_page: int, total: int, query: Mapping[str, str] | None = None, param: str = "page"
    ) -> Pager:
        kept = tuple((key, value) for key, value in (query or {}).items() if value and key != param)
        return cls(page=page, per_page=per_page, total=total, query=kept, param=param)

    @classmethod
    def clamped(
        cls, *, page: int, per_page: int, total: int, query: Mapping[str, str] | None = None, param: str = "page"
    ) -> Pager:
        """As ``build``, but a page past the last shows the last (for lists that shrink as people work
        through them, where an old link should still land somewhere useful)."""
        pages = max(1, -(-total // per_page))
        return cls.build(page=min(max(1, page), pages), per_page=per_page, total=total, query=query, param=param)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def exists(self) -> bool:
        return self.page <= self.pages

    @property
    def offset(self) -> int:
        """How many rows come before this page (for a query's ``[offset : offset + per_page]``)."""
        return (self.page - 1) * self.per_page

    @property
    def first_shown(self) -> int:
        """The position (from 1) of the first row on this page; 0 for an empty list."""
        return self.offset + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.total, self.offset + self.per_page)

    @property
    def has_pages(self) -> bool:
        return self.pages > 1

    def _query_for(self, page: int) -> str:
        params = [*self.query, *([(self.param, str(page))] if page > 1 else [])]
        return urlencode(params)

    @property
    def previous_query(self) -> str | None:
        """The query string (without "?") of the page before, or None on page 1."""
        if self.page <= 1:
            return None
        return self._query_for(min(self.page - 1, self.pages)) or f"{self.param}=1"

    @property
    def next_query(self) -> str | None:
        """The query string (without "?") of the page after, or None on the last page."""
        return self._query_for(self.page + 1) if self.page < self.pages else None

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1
