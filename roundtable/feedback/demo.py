"""This app's chapter of the demo story, loaded after the others.

"Short breaks for disabled children" (Priya): a board after Workshop 1 with notes, dots and themes
(one suggested by Joe, waiting for Priya), and a check-in. "Better sleep for autistic children"
(Tom): barriers in every status, among them Joe's (the meetings are at school pick-up time), one
that is late, a "you said, we did" linking notes and a barrier, and the anonymous form with a message.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.feedback import boards, services
from roundtable.feedback.models import Anonymity, Barrier, Board
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.meetings.models import Meeting
from roundtable.projects.models import Project


def load() -> None:
    people = {k: User.objects.filter(email=f"{k}{DEMO_EMAIL_DOMAIN}").first() for k in ("amira", "joe", "tom", "priya")}
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    breaks = Project.objects.filter(title="Short breaks for disabled children").first()
    if not all(people.values()) or sleep is None or breaks is None or Board.objects.filter(project=breaks).exists():
        return
    amira, joe, tom, priya = (cast(User, people[k]) for k in ("amira", "joe", "tom", "priya"))  # all found above

    # Short breaks: a board after Workshop 1 (or for the whole project if there is no workshop).
    workshop = Meeting.objects.filter(project=breaks, starts_at__lt=timezone.now()).order_by("-starts_at").first()
    board = boards.board_create(
        actor=priya, project=breaks, title="After Workshop 1: short breaks today", anonymity=Anonymity.HIDDEN,
        prompt="What works about short breaks now, and what does not?", votes_per_person=3, open_days=30,
    )  # fmt: skip
    works, doesnt, ideas = list(board.columns.all())
    notes = {}
    for who, column, text in (
        (amira, works, "The play scheme staff know my son and he is happy there."),
        (joe, doesnt, "The booking form is long and full of words I do not know."),
        (amira, doesnt, "Places go in minutes. I am at work or caring when booking opens."),
        (joe, ideas, "Let us book by phone, with someone who can help."),
        (amira, ideas, "Hold some places back for families who cannot book online at 9am."),
    ):
        notes[text[:12]] = boards.note_add(actor=who, board=board, column=column, text=text)
    for voter, keys in ((amira, ("The booking", "Let us book")), (joe, ("Places go i", "Hold some p"))):
        for key in keys:
            boards.note_vote(actor=voter, note=next(n for k, n in notes.items() if k.startswith(key)))
    booking = boards.theme_create(actor=priya, board=board, title="Booking is hard")
    for key in ("The booking ", "Places go in", "Hold some pl"):
        boards.note_theme_set(actor=priya, note=notes[key], theme=booking)
    boards.theme_suggest(actor=joe, note=notes["Let us book "], title="Help by phone")
    if workshop is not None:
        services.check_in_open(actor=priya, meeting=workshop, days=14)

    # Better sleep: barriers in every status.
    today = timezone.localdate()
    joes = services.barrier_raise(
        actor=joe, project=sleep, category="meeting_times",
        description="The meetings are at school pick-up time, so I cannot come.",
    )  # fmt: skip
    childcare = services.barrier_raise(
        actor=amira, project=sleep, category="caring", shared=True,
        description="I need childcare paid for to come to the meeting in town.",
    )  # fmt: skip
    services.barrier_answer(
        actor=tom, barrier=childcare, status="responded",
        response="We will pay for childcare. Send the receipt with your claim.",
    )  # fmt: skip
    papers = services.barrier_raise(
        actor=joe, project=sleep, category="communication",
        description="The papers are long. An Easy Read version and a phone call would help.",
    )  # fmt: skip
    services.barrier_answer(
        actor=tom, barrier=papers, status="resolved",
        response="Every paper now has an Easy Read version, and Tom rings you the week before.",
    )  # fmt: skip
    venue = services.barrier_raise(
        actor=amira, project=sleep, category="access",
        description="Can we meet somewhere with a quiet room for my son?",
    )  # fmt: skip
    services.barrier_answer(
        actor=tom, barrier=venue, status="not_possible",
        reason="The meetings are online only for this study, so there is no room to book. We are sorry.",
    )  # fmt: skip
    late = services.barrier_raise(
        actor=amira, project=sleep, category="technology", description="My phone data runs out in long video calls."
    )
    Barrier.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - dt.timedelta(days=10), due_on=today - dt.timedelta(days=3)
    )
    # You said, we did: Joe's barrier and the booking notes.
    services.response_create(
        actor=tom, project=sleep, title="Meetings at school pick-up time", outcome="changed",
        what_we_did="From next month the meetings start at 8pm, after bedtime for most children.",
        inputs=[f"barrier:{joes.pk}"],
    )  # fmt: skip
    services.response_create(
        actor=priya, project=breaks, title="Booking short breaks is hard", outcome="changed",
        what_we_did="From June you can book by phone, and we hold back a quarter of the places for one week.",
        inputs=[f"theme:{booking.pk}", f"note:{notes['Let us book '].pk}"],
    )  # fmt: skip
    link = services.feedback_link_get(actor=tom, project=sleep)
    services.feedback_submit(link=link, text="I did not feel I could say this in the meeting: the survey is too long.")
