"""tel: links without spaces, in the international form (issue 13: ``tel:07700 900782`` is invalid)."""

import pytest

from roundtable.lib.phone import tel_uri


@pytest.mark.parametrize(
    ("typed", "link"),
    [
        ("07700 900782", "tel:+447700900782"),
        ("07700-900-782", "tel:+447700900782"),
        ("(0161) 496 0000", "tel:+441614960000"),
        ("+44 7700 900782", "tel:+447700900782"),
        ("0044 7700 900782", "tel:+447700900782"),
        ("+353 1 234 5678", "tel:+35312345678"),
        ("111", "tel:111"),
        ("", ""),
        (None, ""),
        ("no number", ""),
    ],
)
def test_tel_links_are_dialable_and_valid(typed, link):
    assert tel_uri(typed) == link
    assert " " not in tel_uri(typed)
