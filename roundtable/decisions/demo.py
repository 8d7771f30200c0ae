"""This app's chapter of the demo story, loaded after the foundation story and the other chapters.

* "Better sleep for autistic children" (Tom): an open consent proposal on moving the monthly meeting, with
  Grace's vote entered from her reply slip (by post) and Tom's own; and a closed one about the leaflet's
  cover, with its outcome and a review date.
* "Short breaks for disabled children" (Priya): a closed decision carried by staff against partners (the
  booking form online only), flagged on its page and in the log.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.decisions import services
from roundtable.decisions.models import Channel, Option, Proposal
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects.models import Project


def _person(key: str) -> User | None:
    return User.objects.filter(email=f"{key}{DEMO_EMAIL_DOMAIN}").first()


def _pick(proposal: Proposal, words: str) -> list[list[int]]:
    found = Option.objects.get(
        proposal=proposal, **({"code": words} if proposal.kind == "consent" else {"text": words})
    )
    return [[found.pk, 1]]


def load() -> None:
    amira, joe, tom, priya = (_person(k) for k in ("amira", "joe", "tom", "priya"))
    grace = User.objects.filter(full_name="Grace Williams").first()
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    breaks = Project.objects.filter(title="Short breaks for disabled children").first()
    if None in (amira, joe, tom, priya, grace, sleep, breaks) or Proposal.objects.filter(project=sleep).exists():
        return
    assert amira and joe and tom and priya and grace and sleep and breaks  # all found above
    now = timezone.now()
    today = timezone.localdate()

    # 1. Open: a consent proposal, closing in five days.
    meeting_time = services.proposal_create(
        actor=tom, project=sleep,
        data={
            "question": "Should our monthly meeting move from 8pm to 7:30pm?",
            "background": "Two of you said 8pm is late once children are in bed. 7:30pm would end by 9pm.",
            "kind": Proposal.Kind.CONSENT, "closes_at": now + dt.timedelta(days=5),
        },
        options=[],
    )  # fmt: skip
    services.vote_record_by_proxy(
        actor=tom, proposal=meeting_time, person=grace, choice=_pick(meeting_time, "agree"),
        reason="Earlier is better for me.", channel=Channel.POST,
    )  # fmt: skip
    services.vote_cast(actor=tom, proposal=meeting_time, choice=_pick(meeting_time, "agree"))

    # 2. Closed: the leaflet's cover, with an outcome and a review date.
    cover = services.proposal_create(
        actor=tom, project=sleep,
        data={
            "question": "Which picture should go on the front of the leaflet for families?",
            "kind": Proposal.Kind.ONE, "closes_at": now + dt.timedelta(days=2),
        },
        options=["A child asleep with a teddy", "A family at breakfast", "A moon and stars drawing"],
    )  # fmt: skip
    services.vote_cast(actor=amira, proposal=cover, choice=_pick(cover, "A moon and stars drawing"))
    services.vote_cast(actor=joe, proposal=cover, choice=_pick(cover, "A moon and stars drawing"))
    services.vote_record_by_proxy(
        actor=tom, proposal=cover, person=grace, choice=_pick(cover, "A family at breakfast"), channel=Channel.PHONE
    )
    services.vote_cast(actor=tom, proposal=cover, choice=_pick(cover, "A child asleep with a teddy"))
    services.proposal_close(
        actor=tom, proposal=cover,
        outcome="The moon and stars drawing won. Partners said a real child's photo could upset some families.",
        next_steps="Tom asks the designer for two versions. We check them at the next meeting.",
        review_on=today + dt.timedelta(days=60),
    )  # fmt: skip
    Proposal.objects.filter(pk=cover.pk).update(closes_at=now - dt.timedelta(days=3))

    # 3. Closed: carried by staff against partners, and shown as such.
    online = services.proposal_create(
        actor=priya, project=breaks,
        data={
            "question": "Should the new short breaks booking form be online only?",
            "background": "An online form costs less to run. Some families have no internet at home.",
            "kind": Proposal.Kind.ONE, "closes_at": now + dt.timedelta(days=1),
        },
        options=["Online only", "Online, by phone and on paper"],
    )  # fmt: skip
    services.vote_cast(
        actor=amira, proposal=online, choice=_pick(online, "Online, by phone and on paper"),
        reason="Many parents I know do not have a computer.",
    )  # fmt: skip
    services.vote_cast(actor=priya, proposal=online, choice=_pick(online, "Online only"))
    services.vote_cast(actor=tom, proposal=online, choice=_pick(online, "Online only"))
    services.proposal_close(
        actor=priya, proposal=online,
        outcome="The form will be online only from April, because of the budget. Partners disagreed.",
        next_steps="The library will help anyone who cannot use the form online.",
        review_on=today + dt.timedelta(days=90),
    )  # fmt: skip
    Proposal.objects.filter(pk=online.pk).update(closes_at=now - dt.timedelta(days=1))
