"""The pager every long list uses: bad page numbers never fail, links keep the other parameters."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from roundtable.lib.paging import MAX_PAGE, Pager, page_number


@pytest.mark.parametrize(
    ("raw", "number"),
    [(None, 1), ("", 1), ("2", 2), (" 3 ", 3), ("0", 1), ("-1", 1), ("abc", 1), ("1.5", 1), ("²", 1), ("٣", 1),
     ("99999999999999999999", MAX_PAGE), ("1e9", 1)],
)  # fmt: skip
def test_page_number_is_a_whole_number_from_one(raw, number):
    assert page_number(raw) == number


def test_pages_and_rows():
    pager = Pager.build(QueryDict("order=votes&page=2"), number=2, total=120, per_page=50, anchor="notes")
    assert (pager.pages, pager.start, pager.end, pager.first, pager.last) == (3, 50, 100, 51, 100)
    assert pager.previous_query == "order=votes&page=1"
    assert pager.next_query == "order=votes&page=3"


def test_a_page_past_the_last_shows_the_last_and_an_empty_list_has_one_page():
    pager = Pager.build(None, number=MAX_PAGE, total=120, per_page=50)
    assert (pager.number, pager.first, pager.last, pager.next_query) == (3, 101, 120, "")
    empty = Pager.build(None, number=4, total=0, per_page=50)
    assert (empty.number, empty.pages, empty.first, empty.last, empty.has_other_pages) == (1, 1, 0, 0, False)
    assert empty.previous_query == empty.next_query == ""
