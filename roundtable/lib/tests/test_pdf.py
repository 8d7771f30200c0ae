"""The shared PDF renderer: every script prints, the PDF is tagged, characters no font has are found."""

from __future__ import annotations

import pytest

from roundtable.lib.pdf import (
    FONT_STACK,
    describe_characters,
    font_family_css,
    missing_fonts,
    paragraphs_html,
    render_pdf,
    undrawable,
)
from roundtable.lib.tests.pdf_reading import EXACT, NAMES, justified_blocks, name_prints, pdf_lines, pdf_tags, pdf_text


def _document(body: str, *, title: str = "A test", lang: str = "en-GB") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>html {{ font-family: {font_family_css()}; }}</style></head><body>{body}</body></html>"
    )


def test_every_font_we_print_with_is_installed():
    # fonts-noto-core and fonts-noto-cjk (README prerequisites, .ci/run): without them names print blank.
    assert missing_fonts() == []
    assert {font.package for font in FONT_STACK} == {"fonts-noto-core", "fonts-noto-cjk"}


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_each_script_prints_and_reads_back(script):
    name = NAMES[script]
    assert undrawable(name) == []
    text = pdf_text(render_pdf(_document(f"<h1>Certificate</h1><p>This is to thank {name}</p>")))
    assert name_prints(name, text, exact=script in EXACT), text


def test_arabic_reads_right_to_left_in_its_own_order():
    # Letters drawn one by one left to right read back reversed; shaped right-to-left text reads back in order.
    text = pdf_text(render_pdf(_document(f"<p>{NAMES['Arabic']}</p>")))
    assert NAMES["Arabic"] in text and NAMES["Arabic"][::-1] not in text


def test_characters_no_font_can_draw_are_found_before_printing():
    assert undrawable("Grace Okafor", "王小明", "Zoë\u200d\u202b \n") == []
    assert undrawable("Ann \ue000 and \U00013000", "\ue000 again") == ["\ue000", "\U00013000"]
    assert describe_characters(["\U00013000"]) == "\U00013000 (EGYPTIAN HIEROGLYPH A001)"


def test_the_pdf_is_tagged_with_title_language_and_headings_in_reading_order():
    html = _document(
        "<h1>Payment statement</h1><p>Paid on 2 March.</p><h2>What for</h2>"
        "<table><thead><tr><th>Day</th><th>Amount</th></tr></thead><tbody><tr><td>1 Mar</td><td>£6.40</td></tr>"
        "</tbody></table>",
        title="Payment statement for Grace",
    )
    tags = pdf_tags(render_pdf(html))
    assert tags.marked and tags.display_title
    assert tags.lang.lower() == "en-gb"
    assert tags.title == "Payment statement for Grace"
    order = [kind for kind in tags.structure if kind in ("H1", "H2", "P", "Table")]
    assert order == ["H1", "P", "H2", "Table"]
    assert "TH" in tags.structure and "TD" in tags.structure


def test_web_addresses_stay_whole_and_people_without_the_web_get_none():
    url = "https://roundtable.example.org/projects/12/meetings/345/papers/a-very-long-name-for-a-paper/"
    body = "Read it here: " + url + "\n\nThank you."
    kept = paragraphs_html(body, web=True)
    assert f">{url}</span>" in kept[0] and 'class="url url-long"' in kept[0]
    dropped = paragraphs_html(body + "\n\nThe papers are ready:\n- Agenda", web=False)
    assert [str(p) for p in dropped] == ["Read it here", "Thank you.", "The papers are ready:<br>- Agenda"]
    assert paragraphs_html("<b>not bold</b>", web=True) == ["&lt;b&gt;not bold&lt;/b&gt;"]


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_web_address_prints_on_one_line_inside_the_page(large_print):
    from django.template import engines

    url = "https://roundtable.example.org/projects/12/meetings/345/papers/a-very-long-name-for-a-paper/"
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block title %}Test{% endblock %}{% block body %}'
        "<p>{{ words }}{{ link }}</p>{% endblock %}"
    )
    html = template.render(
        {"font_family": font_family_css(), "large_print": large_print, "words": "Please read the papers. " * 4,
         "link": paragraphs_html("Read it here: " + url, large=large_print)[0]}
    )  # fmt: skip
    lines = pdf_lines(render_pdf(html))
    [line] = [line for line in lines if "roundtable.example.org" in line.text]
    assert line.text == url
    a4_width, margin = 595.28, 20 / 25.4 * 72
    assert line.x_max <= a4_width - margin + 1


def test_the_justified_check_tells_ragged_text_from_justified_text():
    words = "We will meet in the small hall by the library. Tea and biscuits will be there. " * 6
    left = pdf_lines(render_pdf(_document(f"<p>{words}</p>")))
    justified = pdf_lines(render_pdf(_document(f'<p style="text-align: justify">{words}</p>')))
    assert justified_blocks(left) == []
    assert len(justified_blocks(justified)) == 1
