"""The health check's small SVG charts: well-formed, named in words, ratings told apart without colour."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from roundtable.health.charts import organisation_trend_svg, pattern_defs, rating_swatch, sign_trend_svg
from roundtable.health.models import Rating
from roundtable.health.selectors_pages import MonthCount, TrendPoint

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]


def parse(markup: str) -> ET.Element:
    """Parse an inline SVG as XML (it must be well-formed), with the SVG namespace added."""
    return ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}rect")


def test_a_sign_chart_is_an_image_with_a_title_and_every_month_in_words():
    points = [TrendPoint(MONTHS[0], Rating.GOOD), TrendPoint(MONTHS[1]), TrendPoint(MONTHS[2], Rating.AT_RISK)]
    root = parse(sign_trend_svg(points, ids="t1", title="Sign 1, month by month"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find(f"{SVG}title").text == "Sign 1, month by month"
    desc = root.find(f"{SVG}desc").text
    assert "September 2026: Good; October 2026: No check that month; November 2026: At risk" in desc


def test_ratings_differ_in_height_and_pattern_not_only_colour():
    points = [TrendPoint(m, r) for m, r in zip(MONTHS, [Rating.GOOD, Rating.ATTENTION, Rating.AT_RISK], strict=True)]
    good, attention, risk = bars(parse(sign_trend_svg(points, ids="t", title="x")))
    heights = [float(bar.get("height")) for bar in (good, attention, risk)]
    assert heights[0] < heights[1] < heights[2]
    assert attention.get("fill") == "url(#rt-fill-attention)" and risk.get("fill") == "url(#rt-fill-at_risk)"
    unsure = bars(parse(sign_trend_svg([TrendPoint(MONTHS[0], Rating.NOT_ENOUGH)], ids="u", title="x")))[0]
    assert unsure.get("fill") == "none" and unsure.get("stroke-dasharray")


def test_the_patterns_are_defined_once_and_hidden_from_screen_readers():
    root = parse(pattern_defs())
    assert root.get("aria-hidden") == "true"
    assert {p.get("id") for p in root.iter(f"{SVG}pattern")} == {"rt-fill-at_risk", "rt-fill-attention"}
    swatch = parse(rating_swatch(Rating.AT_RISK))
    assert swatch.get("aria-hidden") == "true" and bars(swatch)[0].get("fill") == "url(#rt-fill-at_risk)"
    assert rating_swatch("") == ""


def test_an_organisation_chart_stacks_at_risk_under_attention_and_says_each_month():
    months = [
        MonthCount(MONTHS[0]),
        MonthCount(MONTHS[1], good=10, taken=True),
        MonthCount(MONTHS[2], at_risk=2, attention=3, good=5, taken=True),
    ]
    root = parse(organisation_trend_svg(months, ids="o", title="Short breaks", signs=10))
    desc = root.find(f"{SVG}desc").text
    assert "September 2026: no check" in desc
    assert "October 2026: 0 at risk, 0 need attention" in desc
    assert "November 2026: 2 at risk, 3 need attention" in desc
    # Each rating's bars sit in one group that gives their pattern and outline (a small page for 50 projects).
    groups = {group.get("fill"): group.findall(f"{SVG}rect") for group in root.findall(f"{SVG}g") if group.get("fill")}
    assert set(groups) == {"url(#rt-fill-at_risk)", "url(#rt-fill-attention)"}
    [risk], [attention] = groups["url(#rt-fill-at_risk)"], groups["url(#rt-fill-attention)"]
    assert all(g.get("stroke") for g in root.findall(f"{SVG}g"))
    assert float(attention.get("y")) + float(attention.get("height")) == float(risk.get("y"))
    assert float(attention.get("height")) > float(risk.get("height"))


def test_words_in_a_chart_are_escaped():
    markup = sign_trend_svg([TrendPoint(MONTHS[0])], ids="e", title='<script>alert("x")</script> & co')
    assert "<script>" not in markup
    assert parse(markup).find(f"{SVG}title").text == '<script>alert("x")</script> & co'
