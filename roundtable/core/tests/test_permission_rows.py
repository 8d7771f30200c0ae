"""Every URL no app table covered yet, for every role (issue 11: "every URL x every role").

The coverage test (`test_url_coverage.py`) fails when a URL of the project has no row in any permission
table: add the row here or in the app's own table. Statuses: 302 for a signed-out visitor is "sent to sign
in" unless the row says otherwise; POST rows are sent with no form, so a page that checks the form answers
302/400 after the permission check, and 405 means the address takes only POST.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.payments.tests.conftest import JPEG, earnings_limits, held_meeting, uplift  # noqa: F401 - fixtures
from roundtable.projects.tests.conftest import people  # noqa: F401 - the shared fixture

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


# name -> (method, args from the world, statuses in ROLES order)
TABLE: dict[str, tuple] = {
    # The demo's persona switcher exists only in the demo.
    "core:demo": ("get", lambda w: [], [404, 404, 404, 404, 404, 404, 404]),
    "core:demo_sign_in": ("post", lambda w: [w.partner.pk], [404, 404, 404, 404, 404, 404, 404]),
    "credits:certificate": ("get", lambda w: [], [200, 200, 200, 200, 200, 200, 302]),
    "credits:check": ("post", lambda w: [w.project.pk, w.contribution.pk], [302, 302, 403, 403, 403, 404, 302]),
    "feedback:barrier": ("get", lambda w: [w.project.pk, w.barrier.pk], [200, 200, 404, 200, 404, 404, 302]),
    "feedback:check_in_for": (
        "get", lambda w: [w.project.pk, w.past_meeting.pk, w.grace.pk], [200, 200, 403, 403, 403, 404, 302],
    ),
    "feedback:check_in_open": (
        "post", lambda w: [w.project.pk, w.past_meeting.pk], [302, 302, 403, 403, 403, 404, 302],
    ),
    # After a low check-in answer only; everyone else (no answer here) is sent back to the check-in.
    "feedback:check_in_support": (
        "get", lambda w: [w.project.pk, w.past_meeting.pk], [302, 302, 302, 302, 302, 404, 302],
    ),
    "feedback:feedback_link": ("post", lambda w: [w.project.pk], [302, 302, 403, 403, 403, 404, 302]),
    "feedback:note_theme": (
        "post", lambda w: [w.project.pk, w.board.pk, w.note.pk], [302, 302, 302, 302, 302, 404, 302],
    ),
    "feedback:note_vote": (
        "post", lambda w: [w.project.pk, w.board.pk, w.note.pk], [302, 302, 302, 302, 302, 404, 302],
    ),
    "feedback:say": ("get", lambda w: [w.feedback_link.token], [200, 200, 200, 200, 200, 200, 200]),
    "feedback:suggestion_confirm": (
        "post", lambda w: [w.project.pk, w.board.pk, w.suggestion.pk], [302, 302, 403, 403, 403, 404, 302],
    ),
    "feedback:theme_new": ("post", lambda w: [w.project.pk, w.board.pk], [302, 302, 403, 403, 403, 404, 302]),
    "meetings:feed": ("get", lambda w: [w.feed_token], [200, 200, 200, 200, 200, 200, 200]),
    "meetings:poll_answer_for": (
        "get", lambda w: [w.project.pk, w.poll.pk, w.grace.pk], [200, 200, 403, 403, 403, 404, 302],
    ),
    "meetings:poll_close": ("post", lambda w: [w.project.pk, w.poll.pk], [302, 302, 403, 403, 403, 404, 302]),
    "meetings:poll_schedule": ("post", lambda w: [w.project.pk, w.poll.pk], [400, 400, 403, 403, 403, 404, 302]),
    "notifications:calls": ("get", lambda w: [], [200, 200, 200, 200, 200, 200, 302]),
    "notifications:letters": ("get", lambda w: [], [200, 200, 200, 200, 200, 200, 302]),
    "notifications:letter_pdf": ("get", lambda w: [w.letter_task.pk], [404, 200, 404, 404, 404, 404, 302]),
    "notifications:letters_print": ("post", lambda w: [], [200, 200, 200, 200, 200, 200, 302]),
    "notifications:message_detail": ("get", lambda w: [w.message.pk], [404, 404, 404, 200, 404, 404, 302]),
    # Any signed-in person may look a letter up by its reference; it finds only letters they sent.
    "notifications:reply_slip": ("get", lambda w: [], [200, 200, 200, 200, 200, 200, 302]),
    "notifications:task_done": ("post", lambda w: [w.letter_task.pk], [404, 400, 404, 404, 404, 404, 302]),
    "payments:advance_new": ("get", lambda w: [w.project.pk], [200, 200, 200, 403, 403, 404, 302]),
    "payments:claim_action": ("post", lambda w: [w.claim.pk, "approve"], [302, 302, 403, 403, 404, 404, 302]),
    "payments:claim_new": ("get", lambda w: [w.project.pk, "time"], [403, 403, 403, 200, 200, 404, 302]),
    "payments:receipt": ("get", lambda w: [w.expense.pk], [200, 200, 200, 200, 404, 404, 302]),
    "payments:run_payee": (
        "post", lambda w: [w.organisation.slug, w.run.pk], [302, 403, 302, 404, 404, 404, 302],
    ),
    "payments:run": ("get", lambda w: [w.organisation.slug, w.run.pk], [200, 403, 200, 404, 404, 404, 302]),
    "payments:run_export": (
        "get", lambda w: [w.organisation.slug, w.run.pk, "csv"], [200, 403, 200, 404, 404, 404, 302],
    ),
    "payments:run_new": ("post", lambda w: [w.organisation.slug], [302, 403, 302, 404, 404, 404, 302]),
    "payments:statement": ("get", lambda w: [w.run.pk], [404, 404, 404, 200, 404, 404, 302]),
    "projects:announcement": ("get", lambda w: [w.project.pk, w.announcement.pk], [200, 200, 403, 403, 403, 404, 302]),
    # Interest is for open projects only: this one is invite-only.
    "projects:interest": ("post", lambda w: [w.project.pk], [404, 404, 404, 404, 404, 404, 404]),
    "projects:invitation": ("get", lambda w: [w.invitation.token], [410, 410, 410, 410, 410, 410, 200]),
    "projects:invitation_accept": ("get", lambda w: [w.invitation.token], [405, 405, 405, 405, 405, 405, 405]),
    "projects:invitation_decline": ("get", lambda w: [w.invitation.token], [200, 200, 200, 200, 200, 200, 200]),
    "projects:member_remove": (
        "post", lambda w: [w.project.pk, w.professional_membership.pk], [302, 302, 403, 403, 403, 404, 302],
    ),
    "projects:support_edit": (
        "get", lambda w: [w.project.pk, w.support_contact.pk], [200, 200, 403, 403, 403, 404, 302],
    ),
    "projects:support_remove": (
        "post", lambda w: [w.project.pk, w.support_contact.pk], [302, 302, 403, 403, 403, 404, 302],
    ),
    "projects:publish": ("post", lambda w: [w.project.pk], [302, 302, 403, 403, 403, 404, 302]),
    "projects:staff_roles": (
        "get", lambda w: [w.organisation.slug, w.organiser.pk], [200, 403, 403, 404, 404, 404, 302],
    ),
    # Reports (issue 15): organisers, admins and co-production leads only; everyone else 404 (docs/health.md).
    "reports:funder": ("get", lambda w: [w.project.pk], [200, 200, 404, 404, 404, 404, 302]),
    "reports:gripp2": ("get", lambda w: [w.project.pk], [200, 200, 404, 404, 404, 404, 302]),
    "reports:gripp2_reset": ("post", lambda w: [w.project.pk, "aim"], [302, 302, 404, 404, 404, 404, 302]),
    "reports:gripp2_section": ("get", lambda w: [w.project.pk, "aim"], [200, 200, 404, 404, 404, 404, 302]),
    "reports:standards": ("get", lambda w: [w.project.pk], [200, 200, 404, 404, 404, 404, 302]),
    "signin:link": ("get", lambda w: [], [400, 400, 400, 400, 400, 400, 400]),
    "signin:sign_out": ("post", lambda w: [], [200, 200, 200, 200, 200, 200, 200]),
}  # fmt: skip


@pytest.fixture
def world(people, uplift):  # noqa: F811
    """One of everything a row needs, made through the services as people would."""
    from roundtable.accounts.services import profile_update, user_create_by_proxy
    from roundtable.credits import services as credits
    from roundtable.credits.models import ContributionType
    from roundtable.feedback import boards
    from roundtable.feedback import services as feedback
    from roundtable.meetings import services as meetings
    from roundtable.meetings.models import CalendarSettings
    from roundtable.notifications.models import OrganiserTask, TaskKind
    from roundtable.notifications.services import message_queue
    from roundtable.payments import services as payments
    from roundtable.projects import services as projects
    from roundtable.projects.models import Membership

    w = people
    w.board = boards.board_create(actor=w.organiser, project=w.project, title="After the meeting", anonymity="hidden")
    w.note = boards.note_add(actor=w.partner, board=w.board, column=w.board.columns.first(), text="Evenings")
    w.suggestion = boards.theme_suggest(actor=w.partner, note=w.note, title="Timing")
    w.barrier = feedback.barrier_raise(
        actor=w.partner, project=w.project, category="meeting_times", description="School pick-up"
    )
    w.past_meeting = MeetingFactory(
        project=w.project, title="Planning", starts_at=NOW - dt.timedelta(hours=3),
        ends_at=NOW - dt.timedelta(hours=2), created_by=w.organiser, already_held=True,
    )  # fmt: skip
    feedback.check_in_open(actor=w.organiser, meeting=w.past_meeting)
    w.feedback_link = feedback.feedback_link_get(actor=w.organiser, project=w.project)
    w.poll = meetings.poll_create(
        actor=w.organiser, project=w.project, data={"title": "Next"},
        options=[(NOW + dt.timedelta(days=10), NOW + dt.timedelta(days=10, hours=1))],
    )  # fmt: skip
    w.feed_token = CalendarSettings.objects.get_or_create(user=w.partner)[0].feed_token
    w.message = message_queue(recipient=w.partner, subject="Hello", body="Hi", kind="test", idempotency_key="t:1")
    w.grace = grace = user_create_by_proxy(actor=w.organiser, full_name="Grace Williams", postal_address="4 Mill Lane")
    profile_update(user=grace, actor=w.organiser, data={"channels": ["letter"]})
    projects.member_add_by_proxy(actor=w.organiser, project=w.project, user=grace)
    w.announcement = projects.announcement_send(actor=w.organiser, project=w.project, subject="Hi", body="Tuesday")
    from roundtable.notifications.delivery import message_deliver

    for message in grace.messages_received.all():
        message_deliver(message_id=message.pk)
    w.letter_task = OrganiserTask.objects.get(kind=TaskKind.POST, message__recipient=grace)
    w.invitation = projects.invitation_create(actor=w.organiser, project=w.project, email="new@example.com")
    w.professional_membership = Membership.objects.get(project=w.project, user=w.professional)
    from roundtable.projects.support import support_contact_create

    w.support_contact = support_contact_create(
        actor=w.organiser, project=w.project, name="Carers UK Helpline", phone="0808 808 7777"
    )
    credits.contribution_types_sync()
    w.contribution = credits.contribution_add(
        actor=w.partner, project=w.project, person=w.partner, type=ContributionType.objects.first(),
        degree="lead", date=dt.date(2026, 3, 2), description="Read the draft",
    )  # fmt: skip
    meeting = held_meeting(w, dt.date(2026, 1, 14))
    [w.claim] = payments.claims_draft_for_meeting(meeting=meeting)
    payments.claim_submit(actor=w.partner, claim=w.claim)
    earlier = payments.claim_create(
        actor=w.partner, project=w.project, claimant=w.partner, kind="time",
        data={"work_date": dt.date(2026, 1, 12), "activity": "Work", "hours": Decimal("2")}, submission_key="w1",
    )  # fmt: skip
    payments.claim_approve(actor=w.organiser, claim=earlier)
    w.run = payments.run_create(actor=w.finance, organisation=w.organisation)
    payments.payee_reference_set(actor=w.finance, run=w.run, person=w.partner, reference="P-0001")
    payments.run_mark_paid(actor=w.finance, run=w.run, paid_on=dt.date(2026, 2, 1), reference="BACS 1")
    w.expense = payments.claim_create(
        actor=w.partner, project=w.project, claimant=w.partner, kind="expense",
        data={"work_date": dt.date(2026, 1, 12), "expense_kind": "childcare", "amount": Decimal("45.00")},
        receipt=SimpleUploadedFile("receipt.jpg", JPEG, content_type="image/jpeg"), submission_key="w2",
    )  # fmt: skip
    return w


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _ask(client, world, name: str, role: str):
    method, args, _statuses = TABLE[name]
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return getattr(client, method)(reverse(name, args=args(world)))


def _check(response, name: str, role: str, expected: int) -> str | None:
    if response.status_code != expected:
        return f"{name} as {role}: {response.status_code}, expected {expected}"
    if role == "anonymous" and expected == 302 and not response["Location"].startswith(reverse("signin:sign_in")):
        return f"{name} as {role}: sent to {response['Location']}, not to sign in"
    return None


READS = [name for name, (method, _a, _s) in TABLE.items() if method == "get"]
WRITES = [(name, role) for name, (method, _a, _s) in TABLE.items() if method == "post" for role in ROLES]


@pytest.mark.parametrize("name", READS)
def test_every_role_reads(client, frozen, world, name):
    problems = [_check(_ask(client, world, name, role), name, role, TABLE[name][2][i]) for i, role in enumerate(ROLES)]
    assert not [p for p in problems if p], problems


@pytest.mark.parametrize(("name", "role"), WRITES)
def test_every_role_writes(client, frozen, world, name, role):
    """Each role on a fresh world: a write by one role must not change what the next one gets."""
    problem = _check(_ask(client, world, name, role), name, role, TABLE[name][2][ROLES.index(role)])
    assert problem is None, problem
