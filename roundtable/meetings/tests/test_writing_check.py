"""The "Check my writing" panel in the meeting editors: the meeting itself, agenda items, paper summaries,
the reason a meeting is cancelled and the notes of the meeting (both sent to or read by partners).

For each editor: the button checks without saving and keeps what was typed, htmx gets only the
panel, and an organisation that asks writers to confirm they read the advice gets an error at the
box, with nothing lost, until the box is ticked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.glossary import services as glossary_services
from roundtable.meetings import services
from roundtable.meetings.models import AgendaItem, Meeting, Paper
from roundtable.meetings.tests.conftest import PDF, at

HARD = (
    "Subsequently, the multidisciplinary steering committee will evaluate the methodological considerations "
    "associated with the implementation of the intervention, and the PPI group will be consulted prior to "
    "dissemination of the findings to stakeholders across the region."
)


@dataclass
class Editor:
    url: Callable[[object, Meeting], str]
    data: Callable[..., dict]  # (text, people, meeting): the form as posted, with text in a partner-facing field
    saved: Callable[[], bool]  # is HARD in the database?
    field_id: str  # the id of the field holding HARD
    after_meeting: bool = False  # the editor is used once the meeting has started


def meeting_form(text: str, *_) -> dict:
    return {
        "title": "Planning the study",
        "purpose": text,
        "format": "online",
        "date": "24/03/2026",
        "start_time": "8pm",
        "end_time": "21:30",
        "overrun_minutes": "15",
        "join_url": "https://meet.example/abc",
        "access_notes": "",
        "notice_days": "",
    }


EDITORS = {
    "agenda item": Editor(
        url=lambda people, m: reverse("meetings:agenda", args=[people.project.pk, m.pk]),
        data=lambda text, *_: {
            "form": "item",
            "item-title": "Sleep diaries",
            "item-kind": "item",
            "item-minutes": "20",
            "item-prepare": text,
            "item-prepare_minutes": "10",
        },
        saved=lambda: AgendaItem.objects.filter(prepare=HARD).exists(),
        field_id="id_item-prepare",
    ),
    "paper summary": Editor(
        url=lambda people, m: reverse("meetings:papers", args=[people.project.pk, m.pk]),
        data=lambda text, *_: {
            "form": "upload",
            "title": "What we found",
            "summary": text,
            "format": "standard",
            "file": SimpleUploadedFile("found.pdf", PDF, content_type="application/pdf"),
        },
        saved=lambda: Paper.objects.filter(summary=HARD).exists(),
        field_id="id_summary",
    ),
    "new meeting": Editor(
        url=lambda people, m: reverse("meetings:new", args=[people.project.pk]),
        data=meeting_form,
        saved=lambda: Meeting.objects.filter(purpose=HARD).exists(),
        field_id="id_purpose",
    ),
    "meeting edit": Editor(
        url=lambda people, m: reverse("meetings:edit", args=[people.project.pk, m.pk]),
        data=meeting_form,
        saved=lambda: Meeting.objects.filter(purpose=HARD).exists(),
        field_id="id_purpose",
    ),
    "cancel reason": Editor(
        url=lambda people, m: reverse("meetings:cancel", args=[people.project.pk, m.pk]),
        data=lambda text, *_: {"reason": text},
        saved=lambda: Meeting.objects.filter(cancel_reason=HARD, cancelled_at__isnull=False).exists(),
        field_id="id_reason",
    ),
    "meeting notes": Editor(
        url=lambda people, m: reverse("meetings:attendance", args=[people.project.pk, m.pk]),
        data=lambda text, people, m: attendance_form(text, m),
        saved=lambda: Meeting.objects.filter(minutes_text=HARD, attendance_recorded_at__isnull=False).exists(),
        field_id="id_notes",
        after_meeting=True,
    ),
}


def attendance_form(text: str, meeting: Meeting) -> dict:
    data = {"start_time": "20:00", "end_time": "21:30", "notes": text}
    for user, _role in services.attendance_people(meeting):
        data[f"status_{user.pk}"] = "apologies"
    return data


@pytest.fixture(params=list(EDITORS))
def editor(request, meeting, clock) -> Editor:
    chosen = EDITORS[request.param]
    if chosen.after_meeting:
        clock.move_to(at(25, 10))  # the day after the meeting
    return chosen


def test_the_editor_offers_the_check(client, people, meeting, editor):
    client.force_login(people.organiser)
    html = client.get(editor.url(people, meeting)).content.decode()
    assert 'id="writing-check"' in html and 'value="check"' in html
    assert 'data-hx-post="' + editor.url(people, meeting) + '"' in html
    assert "django_htmx/htmx-2.min.js" in html


def test_the_button_checks_keeps_what_was_typed_and_saves_nothing(client, people, meeting, editor):
    client.force_login(people.organiser)
    response = client.post(
        editor.url(people, meeting), {**editor.data(HARD, people, meeting), "writing_check": "check"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hard to read" in html
    assert "“dissemination”: try “sharing what the work found”" in html
    assert "methodological considerations" in html  # still in the box
    assert "govuk-error-summary" not in html
    assert not editor.saved()


def test_checking_an_empty_form_does_not_complain(client, people, meeting, editor):
    client.force_login(people.organiser)
    empty = editor.data("", people, meeting)
    data = {key: "" for key in empty}
    data.update({"form": empty.get("form", ""), "writing_check": "check"})
    html = client.post(editor.url(people, meeting), data).content.decode()
    assert "govuk-error-summary" not in html and "When you have written something" in html


def test_htmx_gets_only_the_panel(client, people, meeting, editor):
    client.force_login(people.organiser)
    response = client.post(
        editor.url(people, meeting),
        {**editor.data(HARD, people, meeting), "writing_check": "live"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" not in html and "<html" not in html
    assert "Hard to read" in html and 'id="writing-check-status" data-hx-swap-oob="innerHTML"' in html
    assert not editor.saved()


def test_saving_still_works(client, people, meeting, editor):
    client.force_login(people.organiser)
    response = client.post(editor.url(people, meeting), editor.data(HARD, people, meeting))
    assert response.status_code == 302
    assert editor.saved()


def test_policy_wants_the_box_ticked_before_saving(client, people, meeting, editor):
    glossary_services.writing_policy_set(
        actor=people.admin, organisation=people.organisation, require_confirmation=True
    )
    client.force_login(people.organiser)
    url = editor.url(people, meeting)
    response = client.post(url, editor.data(HARD, people, meeting))
    html = response.content.decode()
    assert "tick the box to say you have read it" in html
    assert 'href="#id_writing-confirmed"' in html  # in the error summary, linked to the box
    assert 'id="id_writing-confirmed"' in html and "govuk-form-group--error" in html  # at the box
    assert "methodological considerations" in html and 'id="' + editor.field_id + '"' in html
    assert not editor.saved()
    response = client.post(url, {**editor.data(HARD, people, meeting), "writing-confirmed": "on"})
    assert response.status_code == 302
    assert editor.saved()


@pytest.mark.parametrize("who, status", [("partner", 403), ("professional", 403), ("outsider", 404)])
def test_only_organisers_can_check(client, people, meeting, editor, who, status):
    client.force_login(getattr(people, who))
    response = client.post(editor.url(people, meeting), {"writing_check": "live"}, HTTP_HX_REQUEST="true")
    assert response.status_code == status


def test_partners_read_the_paper_summary_on_the_meeting_page(client, people, meeting):
    client.force_login(people.organiser)
    url = reverse("meetings:papers", args=[people.project.pk, meeting.pk])
    client.post(url, EDITORS["paper summary"].data("What we found when families kept a sleep diary.", people, meeting))
    client.post(url, {"form": "release"})
    client.force_login(people.partner)
    html = client.get(reverse("meetings:meeting", args=[people.project.pk, meeting.pk])).content.decode()
    assert "What we found when families kept a sleep diary." in html


def test_partners_read_the_notes_and_the_cancel_reason_on_the_meeting_page(client, people, meeting, clock):
    clock.move_to(at(25, 10))
    client.force_login(people.organiser)
    notes = "We agreed to try evening meetings. Sam will book the room."
    url = reverse("meetings:attendance", args=[people.project.pk, meeting.pk])
    assert client.post(url, attendance_form(notes, meeting)).status_code == 302
    client.force_login(people.partner)
    html = client.get(reverse("meetings:meeting", args=[people.project.pk, meeting.pk])).content.decode()
    assert "We agreed to try evening meetings." in html


def test_the_cancel_button_stays_red(client, people, meeting):
    client.force_login(people.organiser)
    html = client.get(reverse("meetings:cancel", args=[people.project.pk, meeting.pk])).content.decode()
    assert 'class="govuk-button govuk-button--warning"' in html and 'id="writing-check"' in html


def test_glossary_words_in_a_paper_summary_are_explained_to_partners(client, people, meeting):
    client.force_login(people.organiser)
    url = reverse("meetings:papers", args=[people.project.pk, meeting.pk])
    summary = "What the PPI group found when families kept a sleep diary."
    client.post(url, EDITORS["paper summary"].data(summary, people, meeting))
    client.post(url, {"form": "release"})
    client.force_login(people.partner)
    html = client.get(reverse("meetings:meeting", args=[people.project.pk, meeting.pk])).content.decode()
    assert summary in html
    assert "What these words mean" in html and "govuk-details" in html
    assert html.count("What these words mean") == 1
