"""Values that keep pages valid HTML (issue 13, "Valid pages"): time datetimes and tel: links."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template

from roundtable.ui.templatetags.rt_html import machine_datetime

LONDON = ZoneInfo("Europe/London")


def test_time_datetime_has_no_microseconds_and_says_london_time():
    when = dt.datetime(2026, 7, 1, 18, 30, 5, 123456, tzinfo=dt.UTC)
    assert machine_datetime(when) == "2026-07-01T19:30:05+01:00"
    assert machine_datetime(dt.datetime(2026, 1, 5, 9, 0, 0, 999, tzinfo=LONDON)) == "2026-01-05T09:00:00+00:00"
    assert machine_datetime(dt.date(2026, 1, 5)) == "2026-01-05"
    assert machine_datetime(None) == ""


def test_the_filters_in_a_template():
    html = Template(
        '{% load rt_html %}<a href="{{ phone|tel }}">{{ phone }}</a>'
        '<time datetime="{{ when|machine_datetime }}"></time>'
    ).render(Context({"phone": "07700 900782", "when": dt.datetime(2026, 3, 2, 10, 0, 0, 5, tzinfo=dt.UTC)}))
    assert html == '<a href="tel:+447700900782">07700 900782</a><time datetime="2026-03-02T10:00:00+00:00"></time>'
