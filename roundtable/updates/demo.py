"""This app's chapter of the demo story, loaded after the foundation story (inside its transaction).

What it leaves for the demo:
* Tom's progress update on the sleep study, so Grace has letters in Tom's
  print queue (large print), Joe has call tasks with a script, and Amira's
  text waits for her 8pm window (outside 8pm to 10:30pm; inside it, it goes).
* A finished council project, "Accessible play parks", whose outcome reached
  every past and present member: Grace by a posted letter, Joe by a phone call,
  Łucja (who left) by email, and Aisha (عائشة) in her weekly round-up.
* "Short breaks" has gone quiet: its update is overdue and Priya has a nudge.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.notifications.models import PENDING_STATUSES, Message, OrganiserTask, TaskStatus
from roundtable.notifications.services import digest_send, message_deliver, preference_set, task_complete
from roundtable.projects import services as projects
from roundtable.projects.models import LadderStep, Project
from roundtable.updates import services


def _by_email(name: str) -> User:
    return User.objects.get(email=f"{name}{DEMO_EMAIL_DOMAIN}")


def _deliver_pending() -> None:
    """Do now what the worker would do in its first seconds, so the demo opens with every channel used."""
    for pk in Message.objects.filter(status__in=PENDING_STATUSES).order_by("pk").values_list("pk", flat=True):
        message_deliver(message_id=pk)


def load() -> None:
    if Project.objects.filter(title="Accessible play parks").exists():
        return
    tom, priya, joe = _by_email("tom"), _by_email("priya"), _by_email("joe")
    grace = User.objects.get(full_name="Grace Williams")
    sleep = Project.objects.get(title="Better sleep for autistic children")
    breaks = Project.objects.get(title="Short breaks for disabled children")
    today = timezone.localdate()

    # 1. A progress update on the sleep study, and monthly updates promised.
    services.cadence_set(actor=tom, project=sleep, days=30)
    services.update_publish(
        actor=tom, project=sleep, title="Our plan for the first meeting",
        body="We have booked the online room for the first meeting. We will talk about what a good night looks "
        "like for your family. There is nothing to prepare. Papers come a week before, the way you asked.",
    )  # fmt: skip

    # 2. A finished project whose outcome reached everyone, including someone who left.
    council = breaks.organisation
    parks = projects.project_create(
        actor=priya, organisation=council, title="Accessible play parks", visibility="invite_only"
    )
    projects.project_offer_update(
        actor=priya, project=parks,
        data={
            "purpose": "Make two play parks work for disabled children and their families.",
            "partner_activities": "Visit the parks with us and tell us what gets in the way.",
            "ladder_step": LadderStep.CO_DESIGN, "hours_per_month": 2, "duration_months": 4,
            "where_and_when": "At the parks, on Saturday mornings.", "pay_rate": breaks.pay_rate,
            "input_use": "Your ideas decide what we change first.",
            "outcome_promise": "We will tell everyone what we changed, in the way they like.",
            "outcome_due": today - dt.timedelta(days=3), "contact": priya,
        },
    )  # fmt: skip
    projects.step_add(actor=priya, project=parks, title="Visit the parks together")
    projects.step_add(actor=priya, project=parks, title="Agree what to change first")
    projects.milestone_add(actor=priya, project=parks, title="Changes finished", due=today - dt.timedelta(days=10))
    projects.project_publish(actor=priya, project=parks)
    lucja = User.objects.create_user(f"lucja{DEMO_EMAIL_DOMAIN}", full_name="Łucja Nowak", known_as="Łucja")
    CommunicationProfile.objects.create(user=lucja, channels=["email"])
    aisha = User.objects.create_user(f"aisha{DEMO_EMAIL_DOMAIN}", full_name="Aisha Rahman", known_as="عائشة")
    CommunicationProfile.objects.create(user=aisha, channels=["email", "app"])
    preference_set(user=aisha, actor=aisha, digest="weekly", digest_day="fri")
    memberships = {
        person.pk: projects.member_add_by_proxy(actor=priya, project=parks, user=person)
        for person in (joe, grace, lucja, aisha)
    }
    projects.membership_leave(actor=lucja, membership=memberships[lucja.pk], reason="We moved to another town.")
    parks = projects.project_end(actor=priya, project=parks)
    outcome = services.outcome_publish(
        actor=priya, project=parks, title="What we changed at the play parks",
        found="Both parks now have a smooth path to every piece of equipment, a wheelchair swing and a quiet "
        "corner with shade.",
        input_effect="You told us the gates were too heavy and the path stopped at the grass. We fixed both "
        "first, because you said they mattered most.",
    )  # fmt: skip
    _deliver_pending()
    digest_send(user=aisha, period="week-" + today.isoformat())  # her Friday round-up, made now for the demo
    _deliver_pending()
    # Priya posted Grace's letter and phoned Joe about the outcome.
    outcome_tasks = OrganiserTask.objects.filter(
        message__idempotency_key__startswith=f"outcome:{outcome.pk}:", status=TaskStatus.OPEN
    )
    for task in outcome_tasks:
        task_complete(task=task, actor=priya, result="posted" if task.kind == "post" else "spoke",
                      outcome="Done on the day it was sent.")  # fmt: skip

    # 3. "Short breaks" went quiet six weeks ago: its organiser is nudged, and the nudge is recorded.
    Project.objects.filter(pk=breaks.pk).update(published_at=timezone.now() - dt.timedelta(days=42))
    services.nudges_send_due()
    _deliver_pending()
