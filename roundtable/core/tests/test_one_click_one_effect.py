"""One click, one effect: every form that creates something, sent twice, does it once (issue 11).

The list of forms is not written by hand and hoped complete: ``post_views()`` walks every URL pattern
of the project, and ``test_every_form_that_takes_a_post_is_sent_twice_or_says_why_not`` fails when a
view that takes a POST is neither sent twice below nor named in ``NOT_CREATING`` with the reason.

Each form is used as a person would: the page is opened, the form is read from the HTML (so the
one-time key must really be on the page), filled in and sent twice with the same key. The first send
makes its records; the second makes none (no record, no message, no letter or call task) and leads
to the same place as the first. The demo's story gives every kind of thing a form can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.api.models import ApiToken
from roundtable.audit.models import AuditEvent
from roundtable.conversation.models import Reply, Report, Topic
from roundtable.core.demo import load_demo
from roundtable.core.tests.once_forms import page_forms, post_views
from roundtable.credits.models import Contribution, Output
from roundtable.decisions.models import Proposal
from roundtable.feedback.models import (
    Barrier,
    Board,
    CheckIn,
    CheckInAnswer,
    Feedback,
    Note,
    NoteReport,
    Response,
    Theme,
    ThemeSuggestion,
    Vote,
)
from roundtable.feedback.services import feedback_link_get
from roundtable.glossary.models import GlossaryEntry, OrganisationTerm, TermQuestion
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.lib.forms import ONCE_FIELD
from roundtable.meetings.models import AgendaItem, Meeting, Paper, Poll
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.payments.models import Claim, LedgerEntry, PaymentRun
from roundtable.projects.models import (
    Announcement,
    Interest,
    Invitation,
    Membership,
    Organisation,
    PayRate,
    Project,
    ProjectStep,
    SupportContact,
)
from roundtable.promises.models import OrganisationExport
from roundtable.replies.models import InboundReply
from roundtable.safety.models import BreachReport, GroundRule
from roundtable.stories.models import StoryPart, StoryQuote, StoryRequest, StoryShare
from roundtable.updates.models import Outcome, ProgressUpdate
from roundtable.yourdata.models import DataRequest

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 10, 11, 0, tzinfo=LONDON)

# Views that take a POST but create nothing a second send could double, and why.
NOT_CREATING = {
    "yourdata:delete": "deletes the account; a second send finds it already deleted (locked, returns early)",
    "yourdata:delete_for": "deletes the account; a second send finds it already deleted (404)",
    "promises:organisation_privacy_edit": "saves the notice's words (one row per organisation and section: replaced)",
    "core:demo_sign_in": "signs in as a demo person (demo only)",
    "signin:link": "uses up a sign-in link; a used link cannot sign in again",
    "signin:password": "signs in",
    "signin:sign_out": "signs out",
    "notifications:preferences": "saves settings",
    "replies:reply_enter": "the old address of the one page for replies typed in from letters and calls "
    "(/tasks/letters/replies/, sent twice below): a visit goes there; a form opened here before posts here, "
    "with the same one-time key (audit.once.once_per_key)",
    "health:send_summary": "queues the health check once a London day per person (the message key says so): "
    "sending again queues nothing (health/tests/test_partner_summary.py)",
    "payments:run_payee": "sets a person's payee number: the same number again changes nothing",
    "projects:org_contact": "saves the organisation's phone number and postal address",
    "notifications:letters_print": "marks letters printed (a state)",
    "notifications:task_done": "closes a task; a closed task stays closed",
    "projects:invitation_accept": "accepting twice gives the same membership",
    "projects:invitation_decline": "declining changes a pending invitation only",
    "projects:staff_roles": "sets roles",
    "projects:offer_edit": "saves the role offer",
    "projects:publish": "publishing twice leaves it published",
    "projects:member_remove": "removing twice leaves the person removed",
    "projects:proxy_sharing": "saves sharing choices",
    "projects:proxy_question": "saves an answer",
    "projects:sharing": "saves sharing choices",
    "projects:leave": "leaving twice leaves the person gone",
    "projects:support_edit": "saves a support contact",
    "projects:support_remove": "removing twice leaves it removed",
    "safety:rule_vote": "one proposal per rule: asking twice gives the same proposal",
    "safety:rule_agree": "agrees a rule (a state); twice leaves it agreed",
    "safety:rule_retire": "retiring twice leaves it retired",
    "safety:report_handled": "marks a report dealt with (a state)",
    "feedback:check_in_support": "yes twice tells the organiser once (one outbox key per person and check-in)",
    "projects:interests": "marks interest handled (a state)",
    "accounts:setup": "shows the task list (it only reads where to go next)",
    "accounts:setup_question": "saves an answer to one question",
    "accounts:setup_check": "saves the check-your-answers page",
    "glossary:edit": "saves an entry that exists (same view as glossary:add, which is sent twice below)",
    "glossary:remove": "removing twice leaves it removed",
    "meetings:edit": "saves a meeting",
    "meetings:cancel": "cancelling twice leaves it cancelled",
    "meetings:attendance": "records one attendance per person (updated, not added)",
    "meetings:poll": "saves one person's answers (updated, not added)",
    "meetings:poll_answer_for": "saves one person's answers (updated, not added)",
    "meetings:poll_schedule": "a booked poll returns its meeting (locked, returns early)",
    "meetings:poll_close": "closing twice leaves it closed",
    "meetings:my_calendar": "saves calendar settings",
    "decisions:proposal": "saves one person's vote (replaced, not added; an anonymous one is once per person)",
    "decisions:record_vote": "saves one person's vote (replaced, not added; an anonymous one is once per person)",
    "decisions:close": "closing twice leaves it closed (locked, returns early)",
    "decisions:settings": "saves settings",
    "reports:gripp2_section": "saves one section's words (one row per project and section: replaced, not added)",
    "reports:gripp2_reset": "putting back the draft twice leaves the draft",
    "updates:cadence": "saves how often updates are due",
    "payments:claim_edit": "saves a claim",
    "payments:project_claims": "drafts claims due; each meeting and person has one claim at most",
    "payments:choices": "saves payment choices",
    "payments:benefits": "saves the benefit record",
    "payments:settings": "saves settings",
    "payments:run": "marking paid twice leaves it paid (locked, returns early)",
    "feedback:barrier": "moves a barrier on or gives it an owner (a state; once-per-key as well)",
    "feedback:suggestion_confirm": "agreeing twice leaves the theme agreed",
    "feedback:note_hide": "hiding twice leaves it hidden",
    "feedback:check_in_open": "one check-in per meeting",
    "credits:mine": "saves an ORCID iD",
    "credits:naming": "saves how a person is named",
    "credits:ledger": "suggests contributions; one per source at most (once-per-key as well)",
    "credits:check": "confirms a contribution (a state)",
    "credits:output": "tells people (one message per output and person) or publishes (once-per-key as well)",
    "decisions:round_table_start": "one round per agenda item: starting twice returns it (once-per-key as well)",
    "decisions:round_table_turn": "one turn per person per round, changed not added (once-per-key as well)",
    "stories:part_edit": "saves a story part that exists",
    "stories:part_delete": "deleting twice leaves it deleted",
    "stories:share_withdraw": "withdrawing twice leaves it withdrawn (locked, returns early)",
    "stories:request_decline": "saying no twice leaves the answer no (locked, returns early)",
    "stories:proxy_decline": "saying no twice leaves the answer no (locked, returns early)",
    "stories:quote_answer": "saves one answer to a quote (a state)",
    "stories:quote_removed": "marks a quote taken out (a state, returns early)",
    "stories:proxy_confirm": "marks a part checked (a state, returns early)",
    "stories:proxy_share": "one live share per part and project (locked; the second is refused)",
    "conversation:hide": "hiding twice leaves it hidden, with the first reason (locked, returns early)",
    "conversation:settings": "saves settings",
    "replies:reply_read": "marks a reply read (a state; the first reader and time are kept)",
    "replies:notify_received_text": "GOV.UK Notify's callback, not a form: each received text is kept once by its id",
}


def _welcome_reference(name: str) -> str:
    """The reference of Tom's welcome message to this person (printed on letters, shown on call tasks)."""
    from roundtable.notifications.letter_parts import letter_reference
    from roundtable.projects.models import Announcement

    welcome = Announcement.objects.get(subject="Welcome, and our first meeting")
    message = Message.objects.get(idempotency_key=f"announcement:{welcome.pk}:{person(name).pk}")
    return letter_reference(message.pk)


def person(name: str) -> User:
    return User.objects.get(email=f"{name}{DEMO_EMAIL_DOMAIN}")


def project(title_start: str) -> Project:
    return Project.objects.get(title__startswith=title_start)


def sleep() -> Project:
    return project("Better sleep")


def org(name_start: str) -> Organisation:
    return Organisation.objects.get(name__startswith=name_start)


def breaks() -> Project:
    return project("Short breaks")


def board() -> Board:
    return Board.objects.filter(project=breaks(), notes__isnull=False).distinct().first()


def note() -> Note:
    return Note.objects.filter(board=board(), hidden_at__isnull=True).order_by("pk").first()


def meeting() -> Meeting:
    return Meeting.objects.filter(project=sleep()).order_by("-starts_at").first()


def checked_in_meeting() -> CheckIn:
    return CheckIn.objects.filter(meeting__project=breaks()).select_related("meeting").first()


def count(model, **filters) -> Callable[[], int]:
    return lambda: model.objects.filter(**filters).count()


@dataclass
class Send:
    """One form sent twice: who sends it, where it posts, what to fill in, and what it creates."""

    name: str  # URL name of the address the form posts to
    who: str | None  # demo person (email before @), None for someone not signed in
    args: Callable[[], list]
    made: Callable[[], int]  # how many of the thing it creates exist
    data: Callable[[], dict[str, Any]] = dict
    page: Callable[[list], str] | None = None  # the page the form is on, if not the address it posts to
    has: str = ""  # a field only this form on the page has
    key_field: str = ONCE_FIELD
    tick: str = ""  # a group of checkboxes whose first box to tick
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.name


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%plan\n", content_type="application/pdf")


SENDS = [
    Send("signin:sign_in", None, lambda: [], count(Message), lambda: {"email": f"amira{DEMO_EMAIL_DOMAIN}"}),
    Send("projects:org_create", "priya", lambda: [], count(Organisation), lambda: {"name": "Northfield Youth Forum"}),
    Send(
        "projects:staff_invite",
        "priya",
        lambda: [org("Northfield Council").slug],
        count(Message),
        lambda: {"email": "new.staff@example.com"},
    ),
    Send(
        "api:admin",
        "priya",
        lambda: [org("Northfield Council").slug],
        count(ApiToken),
        lambda: {"name": "Finance system", "role": "finance", "days": "30"},
        has="days",
        tick="scopes",
    ),
    Send(
        "projects:rates",
        "priya",
        lambda: [org("Northfield Council").slug],
        count(PayRate),
        lambda: {"activity": "Workshops", "amount": "30.00", "effective_from": "2026-04-01"},
        has="activity",
    ),
    Send(
        "projects:project_create",
        "priya",
        lambda: [org("Northfield Parent").slug],
        count(Project),
        lambda: {"title": "Family fun day"},
    ),
    Send(
        "projects:interest",
        None,
        lambda: [project("Short breaks").pk],
        count(Interest),
        lambda: {"name": "Lee Smith", "email": "lee@example.com", "message": "I would like to help."},
        page=lambda args: reverse("projects:offer", args=args),
    ),
    Send(
        "projects:steps",
        "tom",
        lambda: [sleep().pk],
        count(ProjectStep),
        lambda: {"step-title": "Share it"},
        has="step-title",
    ),
    Send("projects:invite", "tom", lambda: [sleep().pk], count(Invitation), lambda: {"email": "new.one@example.com"}),
    Send(
        "projects:add_by_proxy",
        "tom",
        lambda: [sleep().pk],
        count(Membership),
        lambda: {"full_name": "Pat Brown", "phone": "07700 900123"},
    ),
    Send(
        "projects:announce",
        "tom",
        lambda: [sleep().pk],
        count(Announcement),
        lambda: {"subject": "Next meeting", "body": "We meet on Tuesday at 8pm."},
    ),
    Send("glossary:ask", "amira", lambda: [sleep().pk], count(TermQuestion), lambda: {"term": "randomised"}),
    Send(
        "glossary:add",
        "tom",
        lambda: [sleep().pk],
        count(GlossaryEntry),
        lambda: {"term": "Randomised trial", "meaning": "A study where chance decides who gets what."},
    ),
    Send(
        "glossary:answer",
        "tom",
        lambda: [sleep().pk, TermQuestion.objects.filter(project=sleep(), status="open").first().pk],
        count(GlossaryEntry),
        lambda: {"meaning": "A word for the people who take part."},
    ),
    Send(
        "glossary:organisation",
        "tom",
        lambda: [org("University").slug],
        count(OrganisationTerm),
        lambda: {"term": "stakeholder", "plain": "people with a say"},
        has="plain",
    ),
    Send(
        "meetings:new",
        "tom",
        lambda: [sleep().pk],
        count(Meeting),
        lambda: {
            "title": "Planning",
            "date": "2026-04-14",
            "start_time": "20:00",
            "end_time": "21:00",
            "join_url": "https://meet.example.com/planning",
        },
    ),
    Send(
        "meetings:agenda",
        "tom",
        lambda: [sleep().pk, meeting().pk],
        count(AgendaItem),
        lambda: {"item-title": "Welcome and news", "item-minutes": "10"},
        has="item-title",
    ),
    Send(
        "meetings:papers",
        "tom",
        lambda: [sleep().pk, meeting().pk],
        count(Paper),
        lambda: {"title": "Study plan", "file": _upload()},
        has="file",
    ),
    Send(
        "meetings:poll_new",
        "tom",
        lambda: [sleep().pk],
        count(Poll),
        lambda: {"title": "When?", "o1_date": "2026-04-14", "o1_start_time": "20:00", "o1_end_time": "21:00"},
    ),
    Send(
        "conversation:new",
        "amira",
        lambda: [sleep().pk],
        count(Topic),
        lambda: {"title": "Bus times", "body": "Which bus goes to the hall?"},
    ),
    Send(
        "conversation:topic",
        "joe",
        lambda: [sleep().pk, 1],
        count(Reply),
        lambda: {"body": "Count me in."},
    ),
    Send(
        "conversation:report",
        "amira",
        lambda: [
            sleep().pk,
            2,
            Reply.objects.filter(topic__number=2, topic__project=sleep(), hidden_at=None).last().pk,
        ],
        count(Report),
        lambda: {"reason": "This worries me."},
    ),
    Send(
        "decisions:new",
        "tom",
        lambda: [sleep().pk],
        count(Proposal),
        lambda: {
            "question": "Should we meet on Saturdays?",
            "kind": "consent",
            "closes_on": "2026-04-14",
            "closes_time": "20:00",
            "voters": "everyone",
            "anonymous": "no",
            "results_while_open": "yes",
        },
    ),
    Send(
        "updates:update_new",
        "tom",
        lambda: [sleep().pk],
        count(ProgressUpdate),
        lambda: {"title": "What we did in March", "body": "We met twice and agreed the plan."},
    ),
    Send(
        "updates:outcome_new",
        "tom",
        lambda: [sleep().pk],
        count(Outcome),
        lambda: {"title": "What we found", "found": "Routines help.", "input_effect": "You changed the plan."},
    ),
    Send(
        "payments:claim_new",
        "amira",
        lambda: [sleep().pk, "time"],
        count(Claim),
        lambda: {"activity": "Reading the papers", "hours": "1.5", "work_date": "2026-03-09"},
        key_field="submission_key",
    ),
    Send(
        "payments:advance_new",
        "tom",
        lambda: [sleep().pk],
        count(Claim),
        lambda: {"amount": "12.50", "activity": "Bus fare", "work_date": "2026-03-09", "person": person("amira").pk},
        key_field="submission_key",
    ),
    Send(
        "payments:claim_correct",
        "priya",
        lambda: [Claim.objects.filter(project=breaks(), status="paid").order_by("pk").first().pk],
        count(LedgerEntry),
        lambda: {"amount": "40.00", "reason": "The hours were wrong."},
    ),
    Send(
        "payments:claim_action",
        "priya",
        lambda: [Claim.objects.filter(project=breaks(), status="submitted").order_by("pk").first().pk, "query"],
        count(Message),
        lambda: {"reason": "Which day was this?"},
        page=lambda args: reverse("payments:claim", args=args[:1]),
        label="payments:claim_action (query)",
    ),
    Send(
        "payments:run_new",
        "priya",
        lambda: [org("Northfield Council").slug],
        count(PaymentRun),
        page=lambda args: reverse("payments:finance", args=args),
    ),
    Send(
        "feedback:barrier_new",
        "amira",
        lambda: [sleep().pk],
        count(Barrier),
        lambda: {"description": "The meetings end after my son's bedtime."},
    ),
    Send(
        "feedback:board_new",
        "tom",
        lambda: [sleep().pk],
        count(Board),
        lambda: {"title": "Ideas for bedtime", "columns": "Works\nDoes not work", "votes_per_person": "3"},
    ),
    Send(
        "feedback:board",
        "amira",
        lambda: [breaks().pk, board().pk],
        count(Note),
        lambda: {"text": "More evening meetings, please."},
        has="text",
    ),
    Send(
        "feedback:theme_new",
        "tom",
        lambda: [breaks().pk, board().pk],
        count(Theme),
        lambda: {"theme_title": "Timing"},
        page=lambda args: reverse("feedback:board", args=args),
    ),
    Send(
        "feedback:note_vote",
        "amira",
        lambda: [breaks().pk, board().pk, note().pk],
        count(Vote),
        page=lambda args: reverse("feedback:board", args=args[:2]),
    ),
    Send(
        "feedback:note_theme",
        "amira",
        lambda: [breaks().pk, board().pk, note().pk],
        count(ThemeSuggestion),
        lambda: {"theme_title": "Bedtime"},
        page=lambda args: reverse("feedback:board", args=args[:2]),
    ),
    Send(
        "feedback:note_report",
        "amira",
        lambda: [breaks().pk, board().pk, note().pk],
        count(NoteReport),
        lambda: {"reason": "It names my child."},
    ),
    Send(
        "feedback:response_new",
        "tom",
        lambda: [breaks().pk],
        count(Response),
        lambda: {"title": "Later meetings", "what_we_did": "We moved meetings to 8pm."},
        tick="inputs",
    ),
    Send(
        "feedback:check_in",
        "amira",
        lambda: [breaks().pk, checked_in_meeting().meeting_id],
        count(CheckInAnswer),
        lambda: {"heard": "5", "change_text": "Shorter breaks."},
        has="change_text",
    ),
    Send(
        "projects:support",
        "tom",
        lambda: [sleep().pk],
        count(SupportContact),
        lambda: {"kind": "advice", "name": "Family Lives", "phone": "0808 800 2222"},
        has="helps_with",
    ),
    Send(
        "safety:ground_rules",
        "amira",
        lambda: [sleep().pk],
        count(GroundRule),
        lambda: {"text": "We give everyone time to finish."},
    ),
    Send(
        "safety:report",
        "amira",
        lambda: [sleep().pk],
        count(BreachReport),
        lambda: {"what_happened": "Someone talked over me again."},
    ),
    Send(
        "feedback:check_in_for",
        "tom",
        lambda: [breaks().pk, checked_in_meeting().meeting_id, person("joe").pk],
        count(CheckInAnswer),
        lambda: {"heard": "4", "change_text": "Easy Read papers earlier."},
    ),
    Send(
        "feedback:feedback_link",
        "tom",
        lambda: [sleep().pk],
        count(AuditEvent, action="feedback_link.renewed"),
        page=lambda args: reverse("feedback:feedback", args=args),
    ),
    Send(
        "feedback:say",
        None,
        lambda: [feedback_link_get(actor=person("tom"), project=sleep()).token],
        count(Feedback),
        lambda: {"text": "The meetings are too late for me."},
    ),
    Send(
        "notifications:reply_slip",  # the one page for replies from letters and calls; a slip's ticks are a state
        "tom",
        lambda: [],
        count(InboundReply),
        lambda: {"channel": "phone", "text": "Amira rang: evenings after 8pm suit her."},
        page=lambda args: reverse("notifications:reply_slip") + "?reference=" + _welcome_reference("amira"),
    ),
    Send(
        "credits:add",
        "tom",
        lambda: [sleep().pk],
        count(Contribution),
        lambda: {"date": "2026-03-09", "description": "Wrote the parents' guide with us.", "hours": "2"},
    ),
    Send(
        "credits:output_new",
        "tom",
        lambda: [sleep().pk],
        count(Output),
        lambda: {
            "title": "Parents' guide to sleep",
            "contributions": [c.pk for c in Contribution.objects.filter(project=sleep(), status="confirmed")[:1]],
        },
    ),
    Send(
        "stories:part_new",
        "amira",
        lambda: [],
        count(StoryPart),
        lambda: {"title": "School", "text": "The school did not listen at first."},
    ),
    Send(
        "stories:share_new",
        "amira",
        lambda: [StoryPart.objects.get(title="The night everything changed").pk],
        count(StoryShare),
        lambda: {"project": str(sleep().pk), "purpose": "To help plan the study"},
    ),
    Send(
        "stories:request",
        "amira",
        lambda: [StoryRequest.objects.get(owner=person("amira"), status="open").pk],
        count(StoryShare),
        lambda: {"part": str(StoryPart.objects.get(title="What bedtime is like now").pk)},
        page=lambda args: reverse("stories:request", args=args) + "?open=1",
    ),
    Send(
        "stories:request_new",
        "tom",
        lambda: [sleep().pk],
        count(StoryRequest),
        lambda: {"person": str(person("joe").pk), "purpose": "To help plan the study"},
    ),
    Send(
        "stories:quote_new",
        "tom",
        lambda: [sleep().pk, StoryShare.objects.get(project=sleep(), owner=person("amira")).pk],
        count(StoryQuote),
        lambda: {"output": str(Output.objects.filter(project=sleep()).first().pk), "text": "Bedtime starts at 6pm"},
    ),
    Send(
        "stories:proxy",
        "tom",
        lambda: [sleep().pk, User.objects.get(full_name="Grace Williams").pk],
        count(StoryPart),
        lambda: {"title": "Bedtime at my house", "text": "We read a story at seven."},
        has="title",
    ),
    Send("yourdata:ask", "amira", lambda: [], count(DataRequest), page=lambda args: "/my-data/"),
    Send("promises:organisation_export", "priya", lambda: [org("Northfield Parent").slug], count(OrganisationExport)),
]


@pytest.fixture(scope="module")
def story(django_db_setup, django_db_blocker):
    """The demo's story, loaded once for this module; each test's changes are rolled back."""
    # Without the health chapter's year of history (conftest.py): its forms are the same without it.
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(DEMO_HEALTH_HISTORY=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load_demo()
        yield
        transaction.set_rollback(True)


def _the_form(html: str, url: str, page: str, send: Send):
    forms = [
        f
        for f in page_forms(html)
        if f.method == "post" and (f.action or page) == url and (not send.has or send.has in f.names)
    ]
    assert forms, f"no form on {page} posts to {url}"
    return forms[0]


def _errors(html: str) -> str:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)) if found else html[:2000]


def test_every_form_that_takes_a_post_is_sent_twice_or_says_why_not():
    found = post_views()
    sent = {send.name for send in SENDS}
    missing = sorted(set(found) - sent - set(NOT_CREATING))
    assert not missing, f"Send these twice in SENDS (or say in NOT_CREATING why they create nothing): {missing}"
    assert not sorted(sent & set(NOT_CREATING))
    gone = sorted((sent | set(NOT_CREATING)) - set(found))
    assert not gone, f"These no longer take a POST: {gone}"
    unkeyed = sorted(send.name for send in SENDS if not found[send.name] and send.key_field == ONCE_FIELD)
    assert not unkeyed, f"These create things without audit.once.once_per_key: {unkeyed}"


@pytest.mark.parametrize("send", SENDS, ids=lambda send: send.id)
def test_the_same_form_sent_twice_does_it_once(story, db, client, send):
    if send.who:
        client.force_login(person(send.who))
    args = send.args()
    url = reverse(send.name, args=args)
    page = send.page(args) if send.page else url
    opened = client.get(page)
    assert opened.status_code == 200, page
    form = _the_form(opened.content.decode(), url, page, send)
    data = form.data()
    if send.tick:
        data[send.tick] = form.first_checkbox[send.tick]
    assert data.get(send.key_field), f"the form on {page} has no one-time key"

    def send_it():
        return client.post(url, {**data, **send.data()})

    before = (send.made(), Message.objects.count(), OrganiserTask.objects.count())
    first = send_it()
    assert first.status_code in (200, 302), (first.status_code, _errors(first.content.decode()))
    after = (send.made(), Message.objects.count(), OrganiserTask.objects.count())
    assert after[0] > before[0], "the first send made nothing"

    second = send_it()
    assert (send.made(), Message.objects.count(), OrganiserTask.objects.count()) == after, "the second send did more"
    assert second.status_code == 302
    if first.status_code == 302:
        assert second["Location"] == first["Location"]
    shown = client.get(second["Location"])
    if send.key_field == ONCE_FIELD:
        assert "You sent this already, so we did it only once." in shown.content.decode()


def test_every_form_in_a_template_that_posts_to_a_once_view_carries_the_key():
    """Forms on other pages than the one sent twice above (a glossary page asking a question, say)."""
    once_views = {name for name, once in post_views().items() if once}
    root = Path(settings.BASE_DIR)
    missing = []
    for template in [*root.glob("roundtable/*/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        text = template.read_text(encoding="utf-8")
        for form in re.finditer(r"<form[^>]*action=\"\{% url '([^']+)'[^>]*>(.*?)</form>", text, re.S):
            if form.group(1) in once_views and "{% once_key %}" not in form.group(2):
                missing.append(f"{template.relative_to(root)} -> {form.group(1)}")
    assert not missing, f"Add {{% once_key %}} to these forms: {missing}"
