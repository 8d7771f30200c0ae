"""This app's chapter of the demo story, loaded after the foundation story.

* "Short breaks for disabled children" (Priya): a workshop three weeks ago with its register, and
  Workshop 2 in nine days whose papers went out late (Joe asked for ten days' notice).
* "Better sleep for autistic children" (Tom): the first meeting in twelve days, online at 8pm, with an
  agenda and papers sent on time (and an Easy Read version for Joe), and an open poll for the second
  meeting where Amira's caring constraints rule out the daytime options.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.core.files.base import ContentFile
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.meetings import services
from roundtable.meetings.models import Attendance, PollOption, SchoolHoliday
from roundtable.meetings.selectors import poll_page
from roundtable.projects.models import Project
from roundtable.projects.permissions import project_access

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weekday_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _pdf(name: str) -> ContentFile:
    upload = ContentFile(PDF, name=name)
    upload.size = len(PDF)
    return upload


def _agenda(meeting, actor, items) -> None:
    for title, minutes, kind, extra in items:
        services.agenda_item_add(
            actor=actor, meeting=meeting, data={"title": title, "minutes": minutes, "kind": kind, **extra}
        )


def load() -> None:
    people = {
        key: User.objects.filter(email=f"{key}@demo.roundtable.example").first()
        for key in ("amira", "joe", "tom", "priya")
    }
    grace = User.objects.filter(full_name="Grace Williams").first()
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    breaks = Project.objects.filter(title="Short breaks for disabled children").first()
    if not all(people.values()) or sleep is None or breaks is None:
        return
    amira, joe, tom, priya = (cast(User, people[k]) for k in ("amira", "joe", "tom", "priya"))  # all found above
    today = timezone.localdate()

    for name, starts_on, ends_on in (
        ("Spring half term", dt.date(today.year, 2, 16), dt.date(today.year, 2, 20)),
        ("Easter holidays", dt.date(today.year, 3, 30), dt.date(today.year, 4, 10)),
        ("Summer half term", dt.date(today.year, 5, 25), dt.date(today.year, 5, 29)),
        ("Summer holidays", dt.date(today.year, 7, 22), dt.date(today.year, 9, 2)),
        ("Autumn half term", dt.date(today.year, 10, 26), dt.date(today.year, 10, 30)),
        ("Christmas holidays", dt.date(today.year, 12, 21), dt.date(today.year + 1, 1, 1)),
    ):
        SchoolHoliday.objects.get_or_create(
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            defaults={"source_note": "Demo dates; check your council's term dates."},
        )

    # 1. Short breaks: a workshop three weeks ago, with its register.
    held = today - dt.timedelta(days=21)
    workshop = services.meeting_create(
        actor=priya,
        project=breaks,
        already_held=True,
        data={
            "title": "Workshop 1: what works now",
            "format": "hybrid",
            "starts_at": _at(held, 10),
            "ends_at": _at(held, 12),
            "venue_name": "Northfield Library, Community Room",
            "venue_address": "1 Market Street\nNorthfield NF1 1AA",
            "step_free": True,
            "quiet_room": True,
            "accessible_toilets": True,
            "hearing_loop": True,
            "join_url": "https://meet.example/short-breaks",
            "dial_in": "0300 123 4000, code 5521",
        },
    )
    _agenda(
        workshop,
        priya,
        [
            ("Welcome and how today works", 10, "item", {"lead": "Priya"}),
            (
                "What short breaks work for your family now?",
                45,
                "discussion",
                {
                    "round_the_table": True,
                    "prepare": "Think of one short break that worked and one that did not.",
                    "prepare_minutes": 15,
                },
            ),
            ("The booking form: what is hard?", 30, "discussion", {}),
        ],
    )
    services.attendance_record(
        actor=priya,
        meeting=workshop,
        started_at=_at(held, 10, 5),
        ended_at=_at(held, 12, 10),
        rows=[
            services.AttendanceRow(user=amira, role=Attendance.Role.PARTNER, status="attended", mode="phone"),
            services.AttendanceRow(user=joe, role=Attendance.Role.PARTNER, status="attended", mode="in_person"),
            services.AttendanceRow(
                user=priya, role=Attendance.Role.STAFF, status="attended", mode="in_person", paid_work_time=True
            ),
            services.AttendanceRow(user=tom, role=Attendance.Role.STAFF, status="apologies"),
        ],
        notes="We heard that booking is hard by phone after 5pm. Action: Priya to ask the team about an evening line.",
    )

    # 2. Short breaks: Workshop 2 in nine days; papers went out yesterday, after Joe's ten-day deadline.
    day2 = today + dt.timedelta(days=9)
    workshop2 = services.meeting_create(
        actor=priya,
        project=breaks,
        data={
            "title": "Workshop 2: design the new offer",
            "format": "in_person",
            "starts_at": _at(day2, 10),
            "ends_at": _at(day2, 12, 30),
            "venue_name": "Northfield Library, Community Room",
            "venue_address": "1 Market Street\nNorthfield NF1 1AA",
            "step_free": True,
            "quiet_room": True,
            "accessible_toilets": True,
            "parking": True,
        },
    )
    _agenda(
        workshop2,
        priya,
        [
            ("Welcome", 10, "item", {"lead": "Priya"}),
            (
                "The draft offer, page by page",
                60,
                "discussion",
                {"prepare": "Read the draft offer (8 pages).", "prepare_minutes": 30},
            ),
            ("What would you change?", 40, "discussion", {"round_the_table": True}),
        ],
    )
    services.paper_add(actor=priya, meeting=workshop2, title="Draft short breaks offer", upload=_pdf("draft-offer.pdf"))
    services.papers_release(actor=priya, meeting=workshop2, now=timezone.now() - dt.timedelta(days=1))

    # 3. Better sleep: the first meeting in twelve days, papers on time, with Easy Read for Joe.
    first_day = today + dt.timedelta(days=12)
    first = services.meeting_create(
        actor=tom,
        project=sleep,
        data={
            "title": "First meeting: planning the study",
            "format": "online",
            "starts_at": _at(first_day, 20),
            "ends_at": _at(first_day, 21, 30),
            "join_url": "https://meet.example/better-sleep",
            "dial_in": "0300 123 4001, code 8812",
            "purpose": "Meet each other and agree what the study should measure.",
        },
    )
    _agenda(
        first,
        tom,
        [
            ("Welcome and ground rules", 10, "item", {"lead": "Tom"}),
            (
                "What does a bad night look like in your home?",
                30,
                "discussion",
                {
                    "round_the_table": True,
                    "prepare": "Think about one recent night. You do not have to share anything you do not want to.",
                    "prepare_minutes": 10,
                },
            ),
            (
                "What should the study measure?",
                30,
                "discussion",
                {"prepare": "Read the two-page study outline.", "prepare_minutes": 20},
            ),
        ],
    )
    outline = services.paper_add(actor=tom, meeting=first, title="Study outline", upload=_pdf("study-outline.pdf"))
    services.paper_add(
        actor=tom,
        meeting=first,
        title="Study outline (Easy Read)",
        upload=_pdf("study-outline-easy-read.pdf"),
        format="easy_read",
        version_of=outline,
    )
    services.paper_add(
        actor=tom,
        meeting=first,
        title="Study outline (large print)",
        upload=_pdf("study-outline-large-print.pdf"),
        format="large_print",
        version_of=outline,
    )
    services.papers_release(actor=tom, meeting=first)

    # 4. Better sleep: a poll for the second meeting. Amira's profile rules out the daytime options.
    base = first_day + dt.timedelta(days=21)
    tuesday, wednesday, thursday = (_weekday_after(base, d) for d in (1, 2, 3))
    poll = services.poll_create(
        actor=tom,
        project=sleep,
        data={
            "title": "Second meeting: choosing what to measure",
            "format": "online",
            "answer_by": today + dt.timedelta(days=7),
        },
        options=[
            (_at(tuesday, 14), _at(tuesday, 15, 30)),
            (_at(wednesday, 10), _at(wednesday, 11, 30)),
            (_at(tuesday, 20), _at(tuesday, 21, 30)),
            (_at(thursday, 20), _at(thursday, 21, 30)),
        ],
    )
    options = list(PollOption.objects.filter(poll=poll).order_by("starts_at"))
    access = project_access(amira, sleep)
    mine = poll_page(poll=poll, access=access, person=amira).mine
    services.poll_answer(
        actor=amira, poll=poll, person=amira, answers={r.option.pk: (r.answer or "yes", r.reason, "") for r in mine}
    )
    joe_answers = {o.pk: ("if_need_be", "work", "") if o.starts_at.hour == 10 else ("yes", "", "") for o in options}
    services.poll_answer(actor=joe, poll=poll, person=joe, answers=joe_answers)
    if grace is not None:
        grace_answers = {
            o.pk: ("yes", "", "")
            if o.starts_at.hour == 10
            else ("no", "caring", "Evenings are bedtime for the grandchildren.")
            for o in options
        }
        services.poll_answer(actor=tom, poll=poll, person=grace, answers=grace_answers)
