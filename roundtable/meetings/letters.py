"""What meeting letters carry: the papers in the person's format, and a reply slip for a poll.

Registered with the outbox's letter parts (``notifications/letter_parts.py``) in
``MeetingsConfig.ready``. A "papers are ready" message (key ``meeting:<id>:papers:<paper>:<person>``)
encloses every paper released with it, in each format the person asked for (large print, Easy
Read, plain text) where there is one, else the standard paper. PDFs and pictures are printed into
the letter's PDF; other files (Word, audio) are listed in the print queue to print or copy by hand.
A poll message (key ``poll:<id>:opened:<person>``) gets a reply slip with a tick box per time.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.notifications.letter_parts import Enclosure, LetterParts, ReplySlip
from roundtable.projects.letters import contact_for_project
from roundtable.projects.support import letter_lines, support_contacts

if TYPE_CHECKING:
    from roundtable.meetings.models import Paper
    from roundtable.notifications.models import Message

_PAPERS = re.compile(r"^meeting:(\d+):papers:(\d+):(\d+)$")
_POLL = re.compile(r"^poll:(\d+):opened:(\d+)$")
# Formats that can go in an envelope, in the order we enclose them.
PRINTABLE_FORMATS = ("large_print", "easy_read", "plain_text")


def _reader(paper: Paper):
    def load() -> bytes:
        with paper.file.open("rb") as handle:
            return handle.read()

    return load


def _enclosure(paper: Paper, *, project_id: int, meeting_id: int, content_note: str = "") -> Enclosure:
    kind = {"application/pdf": "pdf", "image/png": "image", "image/jpeg": "image"}.get(paper.content_type, "")
    return Enclosure(
        title=paper.title,
        format_label=str(paper.get_format_display()),
        kind=kind,
        content_type=paper.content_type,
        load=_reader(paper) if kind else None,
        download_url=reverse("meetings:paper_download", args=[project_id, meeting_id, paper.pk]),
        content_note=content_note or paper.content_note,
    )


def papers_for_person(papers: list[Paper], formats: list[str]) -> list[Paper]:
    """Which papers go in one person's envelope: for each original paper, every printable format they
    asked for that exists (and is released), else the standard paper. Audio is never printed."""
    originals = [p for p in papers if p.version_of_id is None]
    versions: dict[int, dict[str, Paper]] = {}
    for paper in papers:
        if paper.version_of_id is not None:
            versions.setdefault(paper.version_of_id, {})[paper.format] = paper
    chosen = []
    for original in originals:
        found = [versions.get(original.pk, {}).get(f) for f in PRINTABLE_FORMATS if f in formats]
        mine = [p for p in found if p is not None]
        chosen += mine or [original]
    return chosen


def _papers_parts(message: Message, meeting_id: int, paper_id: int) -> LetterParts | None:
    from roundtable.meetings.models import Meeting, Paper

    meeting = Meeting.objects.select_related("project__organisation", "project__contact").filter(pk=meeting_id).first()
    first = Paper.objects.filter(pk=paper_id, meeting_id=meeting_id).first()
    if meeting is None or first is None or first.released_at is None:
        return None
    batch = list(Paper.objects.filter(meeting_id=meeting_id, released_at=first.released_at).order_by("id"))
    original_ids = {p.version_of_id or p.pk for p in batch}
    released = list(
        Paper.objects.filter(meeting_id=meeting_id, released_at__isnull=False, version_of_id__in=original_ids)
    )
    known = {p.pk for p in batch}
    papers = batch + [p for p in released if p.pk not in known]
    recipient = message.recipient if message.recipient_id else None
    profile = getattr(recipient, "profile", None) if recipient is not None else None
    formats = list(profile.formats or []) if profile is not None else []
    chosen = papers_for_person(papers, formats)
    organiser = message.organiser if message.organiser_id else None
    # A version (Easy Read, large print) carries its original's content note onto the letter's cover.
    notes = {p.pk: p.content_note for p in papers}
    return LetterParts(
        contact=contact_for_project(meeting.project, person=organiser),
        enclosures=[
            _enclosure(
                p,
                project_id=meeting.project_id,
                meeting_id=meeting.pk,
                content_note=p.content_note or notes.get(p.version_of_id or 0, ""),
            )
            for p in chosen
        ],
        support=letter_lines(support_contacts(project=meeting.project_id)),
    )


def _record_poll(poll_id: int, person_id: int, *, actor, chosen: list[str], comments: str) -> int:
    """Save a returned reply slip as the person's poll answers, by proxy: ticked times are "yes",
    empty boxes "no"; the comments go with the first time. Raises PermissionDenied/Http404 for an
    actor who does not organise the project, ValidationError when the poll has closed."""
    from roundtable.accounts.models import User
    from roundtable.meetings.models import Availability, Poll, PollOption
    from roundtable.meetings.permissions import require_poll
    from roundtable.meetings.services import poll_answer

    project_id = Poll.objects.filter(pk=poll_id).values_list("project_id", flat=True).first()
    if project_id is None:
        return 0
    _access, poll = require_poll(actor, project_id, poll_id, need="organise")
    person = User.objects.get(pk=person_id)
    answers: dict[int, tuple[str, str, str]] = {}
    for index, option_id in enumerate(
        PollOption.objects.filter(poll=poll).order_by("starts_at", "id").values_list("pk", flat=True)
    ):
        answer = Availability.YES if str(option_id) in chosen else Availability.NO
        answers[option_id] = (answer, "", comments if index == 0 else "")
    return poll_answer(actor=actor, poll=poll, person=person, answers=answers)


def _poll_parts(message: Message, poll_id: int, person_id: int) -> LetterParts | None:
    from roundtable.meetings import words
    from roundtable.meetings.models import Poll, PollOption

    poll = Poll.objects.select_related("project__organisation", "project__contact").filter(pk=poll_id).first()
    if poll is None:
        return None
    options = PollOption.objects.filter(poll=poll).order_by("starts_at", "id")
    organiser = message.organiser if message.organiser_id else None
    return LetterParts(
        contact=contact_for_project(poll.project, person=organiser),
        reply_slip=ReplySlip(
            question=_("Which times can you come to %(title)s? Tick every time you can make.") % {"title": poll.title},
            options=[(str(o.pk), words.when(o.starts_at, o.ends_at)) for o in options],
            record=partial(_record_poll, poll.pk, person_id),
            comments_prompt=_("Anything we should know, such as times that are hard for you:"),
            answer_by=date_format(poll.answer_by, "j F Y") if poll.answer_by else "",
        ),
    )


def letter_parts(message: Message) -> LetterParts | None:
    """Papers to enclose or a reply slip for a meeting message, or None for any other message."""
    key = message.idempotency_key or ""
    found = _PAPERS.match(key)
    if found:
        return _papers_parts(message, int(found.group(1)), int(found.group(2)))
    found = _POLL.match(key)
    if found:
        return _poll_parts(message, int(found.group(1)), int(found.group(2)))
    return None
