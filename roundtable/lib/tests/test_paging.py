"""Which page was asked for, and the links either side (lib/paging.py)."""

from __future__ import annotations

import pytest

from roundtable.lib.paging import Pager, page_number


@pytest.mark.parametrize(
    ("raw", "page"),
    [(None, 1), ("", 1), ("1", 1), ("2", 2), (" 3 ", 3), ("0", 1), ("-1", 1), ("x", 1), ("1.5", 1), ("9" * 20, 1)],
)
def test_page_number(raw, page):
    assert page_number(raw) == page


def test_links_either_side_keep_the_other_choices():
    pager = Pager.build(page=2, per_page=50, total=120, query={"status": "failed", "page": "9", "empty": ""})
    assert pager.pages == 3 and pager.exists and pager.offset == 50
    assert (pager.first_shown, pager.last_shown) == (51, 100)
    assert pager.previous_query == "status=failed"
    assert pager.next_query == "status=failed&page=3"


def test_first_and_last_pages():
    first = Pager.build(page=1, per_page=50, total=120)
    assert first.previous_query is None and first.next_query == "page=2"
    last = Pager.build(page=3, per_page=50, total=120)
    assert last.next_query is None and last.previous_query == "page=2" and last.last_shown == 120
    assert not Pager.build(page=4, per_page=50, total=120).exists


def test_an_empty_list_has_one_page_and_no_links():
    pager = Pager.build(page=1, per_page=50, total=0)
    assert pager.pages == 1 and pager.exists and not pager.has_pages
    assert pager.first_shown == 0 and pager.previous_query is None and pager.next_query is None


def test_two_lists_on_one_page_each_keep_the_others_place():
    waiting = Pager.build(page=2, per_page=25, total=60, query={"waiting": "2", "page": "3"}, param="waiting")
    assert waiting.next_query == "page=3&waiting=3"
    assert waiting.previous_query == "page=3"
    first = Pager.build(page=2, per_page=25, total=60, query={"waiting": "2"}, param="waiting")
    assert first.previous_query == "waiting=1"  # never an empty link


def test_a_page_past_the_last_shows_the_last_when_clamped():
    assert Pager.clamped(page=9, per_page=25, total=60).page == 3
    assert Pager.clamped(page=9, per_page=25, total=0).page == 1
