"""Forms of the reports: one GRIPP2 section's words, and the dates of a funder report."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from roundtable.health.reports.services import TEXT_MAX
from roundtable.meetings.forms import date_field


class SectionForm(forms.Form):
    text = forms.CharField(
        label="Your words for this section",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text='Leave a blank line between paragraphs. Start a line with "- " to make a list.',
        error_messages={"required": "Write something in this section, or put back the draft from the record."},
    )


def last_twelve_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the same day a year ago (the day after, so exactly 12 months) up to and including ``today``."""
    try:
        a_year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        a_year_ago = today.replace(year=today.year - 1, day=28)
    return a_year_ago + dt.timedelta(days=1), today


# The funder report's dates must fall in this range: nothing on Roundtable is older than 2000, and a
# report more than a year ahead means a typing slip (31/12/9999 once overflowed the day-after sum).
EARLIEST_REPORT_DAY = dt.date(2000, 1, 1)


def latest_report_day(today: dt.date) -> dt.date:
    """The last London day a funder report may cover: one year after ``today`` (28 February for 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def _date_words(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class FunderForm(forms.Form):
    start = date_field("From")
    end = date_field("To (this day is included)")

    def _in_range(self, name: str) -> dt.date:
        day = self.cleaned_data[name]
        latest = latest_report_day(timezone.localdate())
        if day is not None and not EARLIEST_REPORT_DAY <= day <= latest:
            raise forms.ValidationError(
                f"Enter a date between {_date_words(EARLIEST_REPORT_DAY)} and {_date_words(latest)}."
            )
        return day

    def clean_start(self) -> dt.date:
        return self._in_range("start")

    def clean_end(self) -> dt.date:
        return self._in_range("end")

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date.")
        return data
