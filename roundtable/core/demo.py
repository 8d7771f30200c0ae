"""The demo's story: Northfield Parent Carer Forum, a council and a university.

Loaded by `roundtable demo` (through the `load_demo` command). Safe to run
twice: if the story is already there, nothing changes. Later issues add their
own chapters here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.accounts.services import profile_update, user_create_by_proxy
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.projects import services
from roundtable.projects.models import LadderStep, Organisation, PayRate, Project, StaffRole


def _email(name: str) -> str:
    return f"{name}{DEMO_EMAIL_DOMAIN}"


def _person(key: str, full_name: str, known_as: str, **profile) -> User:
    user = User.objects.create_user(_email(key), full_name=full_name, known_as=known_as)
    CommunicationProfile.objects.create(user=user, **profile)
    return user


def _offer(project: Project, actor: User, rate: PayRate | None, **data) -> None:
    services.project_offer_update(actor=actor, project=project, data={"pay_rate": rate, "contact": actor, **data})


@transaction.atomic
def load_demo() -> bool:
    """Create the demo story. Returns False if it was already there."""
    if Organisation.objects.filter(slug="northfield-parent-carer-forum").exists():
        return False
    today = timezone.localdate()

    priya = _person("priya", "Priya Shah", "Priya", channels=["email", "app"])
    tom = _person("tom", "Dr Tom Reid", "Tom", channels=["email"])
    sam = _person("sam", "Sam Okafor", "Sam", channels=["email"])
    amira = _person(
        "amira", "Amira Hassan", "Amira",
        channels=["text", "email"], phone="07700 900461",
        contact_days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        contact_from=dt.time(20, 0), contact_until=dt.time(22, 30),
        meeting_days=["mon", "tue", "wed", "thu", "fri"], meeting_from=dt.time(20, 0),
        caring_notes="Weekdays only after 8pm, once my son is asleep. I need childcare paid to come in person.",
        notice_days=7, naming="first_name", language="English",
        answered=["name", "channels", "contact_details", "contact_times", "caring", "notice", "naming"],
    )  # fmt: skip
    joe = _person(
        "joe", "Joe Bennett", "Joe",
        channels=["phone", "email"], phone="07700 900782", formats=["easy_read"],
        access_needs="I am dyslexic. Easy Read papers and a phone call before meetings help me.",
        naming="full_name", notice_days=10,
        answered=["name", "channels", "contact_details", "formats", "access_needs", "notice", "naming"],
    )  # fmt: skip

    # Phone numbers from Ofcom's range for drama (never a real line); printed on every letter.
    forum = services.organisation_create(
        actor=priya, name="Northfield Parent Carer Forum", kind="charity",
        phone="0113 496 0123", postal_address="The Hub, 2 Market Street\nNorthfield\nNF1 3CD",
    )  # fmt: skip
    council = services.organisation_create(
        actor=priya, name="Northfield Council", kind="council",
        phone="0113 496 0456", postal_address="Town Hall, Civic Square\nNorthfield\nNF1 1AA",
    )  # fmt: skip
    university = services.organisation_create(
        actor=tom, name="University of Northfield", kind="research",
        phone="0113 496 0789", postal_address="School of Health, Hall Building\nUniversity Road\nNorthfield\nNF2 4EF",
    )  # fmt: skip
    services.staff_roles_set(actor=tom, organisation=university, user=sam, roles={StaffRole.FINANCE})
    services.staff_roles_set(actor=priya, organisation=council, user=tom, roles={StaffRole.ORGANISER})

    nihr_note = (
        "NIHR payment guidance for public involvement, with the 10% uplift from 16 December 2025. "
        "Check the figure against the current NIHR page."
    )
    rates = {}
    for org in (forum, council, university):
        services.pay_rate_add(
            actor=priya if org != university else tom, organisation=org, activity="Meetings and workshops",
            unit=PayRate.Unit.HOUR, amount=Decimal("25.00"), effective_from=dt.date(2024, 4, 1),
            source_note="NIHR payment guidance before the December 2025 uplift.",
        )  # fmt: skip
        rates[org.pk] = services.pay_rate_add(
            actor=priya if org != university else tom, organisation=org, activity="Meetings and workshops",
            unit=PayRate.Unit.HOUR, amount=Decimal("27.50"), effective_from=dt.date(2025, 12, 16),
            source_note=nihr_note,
        )  # fmt: skip
        services.pay_rate_add(
            actor=priya if org != university else tom, organisation=org, activity="Reviewing a document",
            unit=PayRate.Unit.DOCUMENT, amount=Decimal("27.50"), effective_from=dt.date(2025, 12, 16),
            source_note=nihr_note,
        )  # fmt: skip

    # 1. The university's sleep study: invite-only, co-production, early on.
    sleep = services.project_create(
        actor=tom, organisation=university, title="Better sleep for autistic children", visibility="invite_only"
    )
    _offer(
        sleep, tom, rates[university.pk],
        purpose="Many autistic children sleep badly, and so do their families. We want to find out what really "
        "helps, and test it with families. Parent carers will help us plan the study, choose what to measure and "
        "explain the results.",
        partner_activities="Come to an online meeting once a month. Read short papers before meetings. "
        "Help write the leaflet for families.",
        ladder_step=LadderStep.CO_PRODUCTION, hours_per_month=Decimal("3"), duration_months=18,
        where_and_when="Online, on the second Tuesday of each month, 8pm to 9:30pm.",
        preparation_paid=True, travel_time_paid=True,
        expenses_covered=["childcare", "replacement_care", "travel", "phone_data"],
        input_use="Your ideas will shape the questions we ask and how we run the study. We will show you how each "
        "idea was used.",
        outcome_promise="We will send every partner a short summary of what we found, in the way they like, "
        "and invite you to a meeting to talk about it.",
        outcome_due=today + dt.timedelta(days=540),
        contact_how="Email tom.reid@northfield.example or text 07700 900100, weekdays 9am to 5pm.",
    )  # fmt: skip
    for title in ("Plan the study together", "Collect the data", "Make sense of the results", "Share what we found"):
        services.step_add(actor=tom, project=sleep, title=title)
    services.milestone_add(actor=tom, project=sleep, title="First meeting", due=today + dt.timedelta(days=12))
    services.milestone_add(actor=tom, project=sleep, title="Study plan agreed", due=today + dt.timedelta(days=120))
    services.milestone_add(
        actor=tom, project=sleep, title="Results shared with everyone", due=today + dt.timedelta(days=540)
    )
    services.project_publish(actor=tom, project=sleep)

    # 2. The council's short breaks review: open to anyone, co-design, halfway through.
    breaks = services.project_create(
        actor=priya, organisation=council, title="Short breaks for disabled children", visibility="open"
    )
    _offer(
        breaks, priya, rates[council.pk],
        purpose="The council is changing how short breaks work. We want parent carers to help design the new "
        "offer, so it works for families.",
        partner_activities="Come to four workshops. Try out the new booking form and tell us what is hard.",
        ladder_step=LadderStep.CO_DESIGN, hours_per_month=Decimal("4"), duration_months=6,
        where_and_when="Northfield Library, step-free, with a quiet room. Or join by phone.",
        preparation_paid=True, expenses_covered=["childcare", "replacement_care", "travel", "parking", "food"],
        input_use="The design team will use your ideas to write the new short breaks offer. Where we cannot use "
        "an idea, we will say why.",
        outcome_promise="We will write to everyone who took part when the council agrees the new offer.",
        outcome_due=today + dt.timedelta(days=200),
        contact_how="Call Priya on 0300 123 4567, Monday to Thursday.",
    )  # fmt: skip
    steps = [services.step_add(actor=priya, project=breaks, title=t) for t in (
        "Listen to families", "Design the new offer together", "Test it", "Council decides")]  # fmt: skip
    services.step_set_current(actor=priya, project=breaks, step=steps[1])
    services.milestone_add(actor=priya, project=breaks, title="Workshop 2", due=today + dt.timedelta(days=9))
    services.milestone_add(actor=priya, project=breaks, title="Council decision", due=today + dt.timedelta(days=170))
    services.project_publish(actor=priya, project=breaks)

    # 3. The forum's newsletter: a draft that is not ready to publish.
    services.project_create(actor=priya, organisation=forum, title="Our newsletter, your words", visibility="open")

    # Members
    for project, actor, people in ((sleep, tom, (amira, joe)), (breaks, priya, (amira, joe))):
        for person in people:
            assert person.email is not None  # every demo person has one
            invitation = services.invitation_create(actor=actor, project=project, email=person.email)
            _, membership = services.invitation_accept(invitation=invitation, user=person)
            assert membership is not None  # a project invitation makes a membership
            services.membership_share_set(
                actor=person, membership=membership, sections=["contact", "access", "caring", "language_formats"]
            )

    grace = user_create_by_proxy(
        actor=tom, full_name="Grace Williams", postal_address="4 Mill Lane\nNorthfield\nNF2 3AB", phone="01632 960555"
    )
    profile_update(
        user=grace,
        actor=tom,
        answered="channels",
        data={"channels": ["letter", "phone"]},
    )
    profile_update(user=grace, actor=tom, answered="formats", data={"formats": ["large_print"]})
    profile_update(
        user=grace, actor=tom, answered="caring",
        data={"caring_notes": "Looks after her two grandchildren. Mornings are best, never school holidays.",
              "avoid_school_holidays": True},
    )  # fmt: skip
    membership = services.member_add_by_proxy(actor=tom, project=sleep, user=grace)
    services.membership_share_set(actor=tom, membership=membership, sections=["contact", "language_formats", "caring"])

    # An outstanding invitation, so Tom's members page shows one waiting.
    services.invitation_create(
        actor=tom, project=sleep, email=_email("lena"), name="Lena Kowalski",
        note="We met at the forum coffee morning. I think you would bring a lot to this.",
    )  # fmt: skip
    services.announcement_send(
        actor=tom, project=sleep, subject="Welcome, and our first meeting",
        body="Thank you for joining. Our first meeting is online in twelve days, at 8pm. "
        "The papers will reach you a week before, the way you asked.",
    )  # fmt: skip

    # Later chapters of the story, one per app, each built on the people and projects above.
    from roundtable.conversation import demo as conversation_demo
    from roundtable.credits import demo as credits_demo
    from roundtable.decisions import demo as decisions_demo
    from roundtable.feedback import demo as feedback_demo
    from roundtable.glossary import demo as glossary_demo
    from roundtable.health import demo as health_demo
    from roundtable.meetings import demo as meetings_demo
    from roundtable.payments import demo as payments_demo
    from roundtable.promises import demo as promises_demo
    from roundtable.replies import demo as replies_demo
    from roundtable.safety import demo as safety_demo
    from roundtable.stories import demo as stories_demo
    from roundtable.updates import demo as updates_demo
    from roundtable.yourdata import demo as yourdata_demo

    chapters = (
        glossary_demo, meetings_demo, updates_demo, payments_demo, feedback_demo, credits_demo, decisions_demo,
        safety_demo, stories_demo, conversation_demo, replies_demo, health_demo, yourdata_demo, promises_demo,
    )  # fmt: skip
    for chapter in chapters:
        chapter.load()
    return True
