"""Pages of a long list: which rows to show, and the links to the pages either side.

Every list that grows (a person's contributions, a board's notes, barriers, inputs waiting for an
answer) is shown a page at a time with the same pager (``ui/templates/includes/pager.html``): plain
links, so it works without JavaScript, by keyboard and with a screen reader, and stacks at 320 px.

    number = page_number(request.GET.get("page"))
    pager = Pager.build(request.GET, number=number, total=count, per_page=50, anchor="all-help")
    rows = queryset[pager.start : pager.end]

A page number that is not a whole number from 1 up means page 1; a page past the last shows the
last. Nothing a person types in the address gives an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

# Far beyond any real list; a larger number is treated as "the last page" without arithmetic on it.
MAX_PAGE = 100_000


def page_number(raw: str | None) -> int:
    """The ``?page=`` value as a page number from 1; anything else (empty, "abc", "-3", "1e9") is 1."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    number = int(raw[:7])  # seven digits already pass MAX_PAGE: no arithmetic on a huge number
    return number if 1 <= number <= MAX_PAGE else (MAX_PAGE if number > MAX_PAGE else 1)


@dataclass(frozen=True)
class Pager:
    """One page of ``total`` rows, ``per_page`` a page, pages numbered from 1.

    ``start``/``end`` slice the rows (0-based, end exclusive); ``first``/``last`` are the 1-based row
    numbers shown ("Showing 51 to 100 of 2,000"). ``previous_query``/``next_query`` are the query
    strings of the pages either side (the other parameters of the address kept, ``page`` changed), or
    "" at either end. ``anchor`` (an element id) is added to the links so the reader lands on the list.
    """

    number: int
    pages: int
    total: int
    per_page: int
    previous_query: str = ""
    next_query: str = ""
    anchor: str = ""

    @classmethod
    def build(cls, params: QueryDict | None, *, number: int, total: int, per_page: int, anchor: str = "") -> Pager:
        """The pager for page ``number`` (clamped to 1..pages) of ``total`` rows, keeping ``params``' other keys."""
        pages = max(1, -(-max(total, 0) // per_page))
        number = min(max(1, number), pages)

        def link(to: int) -> str:
            query = params.copy() if params is not None else QueryDict(mutable=True)
            query["page"] = str(to)
            return query.urlencode()

        return cls(
            number=number,
            pages=pages,
            total=max(total, 0),
            per_page=per_page,
            previous_query=link(number - 1) if number > 1 else "",
            next_query=link(number + 1) if number < pages else "",
            anchor=anchor,
        )

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def end(self) -> int:
        return self.number * self.per_page

    @property
    def first(self) -> int:
        return min(self.start + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.end, self.total)

    @property
    def has_other_pages(self) -> bool:
        return self.pages > 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1
