"""A page leads with what needs the person (issue 13): My projects and each project page.

A poll to answer, a check-in after a meeting, a claim with a question back and papers for a meeting
soon come first; each goes away once done. A member reads the role offer behind a link, and finance
staff get a Payments link in the menu.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.core.needs import needs_for
from roundtable.feedback import services as feedback_services
from roundtable.meetings import services as meetings
from roundtable.meetings.tests.conftest import PDF, at, clock, media, meeting_data, people  # noqa: F401
from roundtable.payments import services as payments
from roundtable.projects import services as project_services
from roundtable.projects.models import Membership
from roundtable.projects.tests.conftest import make_person


def finish_joining(people) -> None:  # noqa: F811
    """Amira and Joe chose what to share: joining is finished, so it is not among their needs."""
    for person in (people.partner, people.joe):
        membership = Membership.objects.get(project=people.project, user=person)
        project_services.membership_share_set(actor=person, membership=membership, sections=[])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def waiting(people):  # noqa: F811
    """A poll, a check-in, a queried claim and a released paper, all waiting for Amira."""
    finish_joining(people)
    people.poll = meetings.poll_create(
        actor=people.organiser,
        project=people.project,
        data={"title": "Spring workshop"},
        options=[(at(20, 20), at(20, 21))],
    )
    held = meetings.meeting_create(
        actor=people.organiser,
        project=people.project,
        already_held=True,
        data=meeting_data(title="February catch-up", starts_at=at(1, 18), ends_at=at(1, 19)),
    )
    people.check_in = feedback_services.check_in_open(actor=people.organiser, meeting=held, days=7)
    claim = payments.claim_create(
        actor=people.partner,
        project=people.project,
        claimant=people.partner,
        kind="expense",
        data={"work_date": dt.date(2026, 2, 27), "expense_kind": "travel", "amount": Decimal("8.40")},
        submission_key="bus",
    )
    people.claim = payments.claim_query(actor=people.organiser, claim=claim, reason="Which bus was it?")
    soon = meetings.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(title="Planning the study", starts_at=at(10, 20), ends_at=at(10, 21)),
    )
    meetings.paper_add(
        actor=people.organiser,
        meeting=soon,
        title="Draft plan",
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    meetings.papers_release(actor=people.organiser, meeting=soon)
    people.soon = soon
    return people


def test_my_projects_leads_with_what_needs_the_person(waiting):
    html = client_for(waiting.partner).get(reverse("projects:my_projects")).content.decode()
    needs = html.index("What needs you")
    assert needs < html.index("Projects I take part in")
    for text, url in (
        (
            "Say when you can come: Spring workshop",
            reverse("meetings:poll", args=[waiting.project.pk, waiting.poll.pk]),
        ),
        (
            "Tell us how February catch-up went for you",
            reverse("feedback:check_in", args=[waiting.project.pk, waiting.check_in.meeting_id]),
        ),
        ("Answer a question about your claim for 27 February", reverse("payments:claim", args=[waiting.claim.pk])),
        (
            "Read the paper for Planning the study",
            reverse("meetings:meeting", args=[waiting.project.pk, waiting.soon.pk]) + "#papers",
        ),
    ):
        assert text in html, text
        assert f'href="{url}"' in html
    # Joe has no claim: he is not told about Amira's.
    joe = [need.text for need in needs_for(user=waiting.joe)]
    assert not any("claim" in text for text in joe) and len(joe) == 3


def test_a_need_goes_away_once_it_is_done(waiting):
    option = waiting.poll.options.get()
    meetings.poll_answer(
        actor=waiting.partner, poll=waiting.poll, person=waiting.partner, answers={option.pk: ("yes", "", "")}
    )
    feedback_services.check_in_answer(
        actor=waiting.partner, check_in=waiting.check_in, person=waiting.partner, data={"heard": 4}
    )
    kinds = {need.kind for need in needs_for(user=waiting.partner)}
    assert kinds == {"claim_queried", "papers"}
    # A week later the check-in has closed and the meeting with papers has passed.
    later = at(25, 12)
    assert {need.kind for need in needs_for(user=waiting.partner, now=later)} == {"claim_queried"}


def test_people_with_nothing_waiting_are_told_so(people):  # noqa: F811
    finish_joining(people)
    html = client_for(people.joe).get(reverse("projects:my_projects")).content.decode()
    assert "Nothing needs you now." in html


def test_a_member_reads_the_offer_behind_a_link_and_what_needs_them_first(waiting):
    url = reverse("projects:project", args=[waiting.project.pk])
    html = client_for(waiting.partner).get(url).content.decode()
    assert html.index("What needs you") < html.index("What it is for")
    assert "Say when you can come: Spring workshop" in html
    assert f'href="{reverse("projects:offer", args=[waiting.project.pk])}"' in html
    assert "Read the whole role offer" in html
    assert ">Steps<" not in html and ">Timeline<" not in html  # the long offer is one link away
    organiser = client_for(waiting.organiser).get(url).content.decode()
    assert ">Steps<" in organiser and "What needs you" not in organiser


def test_the_project_page_query_count_stays_pinned_as_needs_grow(people):  # noqa: F811
    url = reverse("projects:project", args=[people.project.pk])
    client = client_for(people.partner)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        meetings.poll_create(
            actor=people.organiser,
            project=people.project,
            data={"title": f"Poll {i}"},
            options=[(at(20, 20), at(20, 21))],
        )
    assert count() == before <= 15


def test_finance_staff_get_a_payments_link_in_the_menu(people):  # noqa: F811
    finance_url = reverse("payments:finance", args=[people.organisation.slug])
    home = reverse("projects:my_projects")
    assert f'href="{finance_url}"' in client_for(people.finance).get(home).content.decode()
    assert f'href="{finance_url}"' in client_for(people.admin).get(home).content.decode()
    assert finance_url not in client_for(people.organiser).get(home).content.decode()
    assert finance_url not in client_for(people.partner).get(home).content.decode()
    outsider = make_person("new@example.com", "New Person")
    assert ">Payments<" not in client_for(outsider).get(home).content.decode()


# --- Joining that was not finished (issue 13: "Yes, I'd like to join", then a closed tab) ----------


def test_unfinished_joining_comes_back_as_a_task_list_and_one_reminder(people):  # noqa: F811
    from roundtable.notifications.models import Message
    from roundtable.projects.joining import ONBOARDING_REMINDER_AFTER, onboarding_reminders_due

    # Amira said yes (the fixture accepted her invitation) and closed the tab before choosing.
    needs = needs_for(user=people.partner, project=people.project)
    assert [need.kind for need in needs] == ["joining"]
    html = client_for(people.partner).get(reverse("projects:my_projects")).content.decode()
    assert "Finish joining: tell us what you need and choose what to share" in html
    assert reverse("accounts:setup") + "?next=" in html  # the task list, then what to share
    assert client_for(people.partner).get(needs[0].url).status_code == 200

    membership = Membership.objects.get(project=people.project, user=people.partner)
    assert onboarding_reminders_due(now=membership.joined_at + ONBOARDING_REMINDER_AFTER / 2) == 0  # too soon
    later = membership.joined_at + ONBOARDING_REMINDER_AFTER
    assert onboarding_reminders_due(now=later) == 3  # Amira, Joe and Dr Lee each get one
    assert onboarding_reminders_due(now=later + dt.timedelta(days=3)) == 0  # once only
    reminder = Message.objects.get(idempotency_key=f"onboarding-reminder:{membership.pk}")
    assert reminder.recipient == people.partner and reminder.subject == "Finish joining Better sleep"
    assert reverse("accounts:setup") in reminder.link_url

    # She finishes by choosing what to share: the task is gone.
    project_services.membership_share_set(actor=people.partner, membership=membership, sections=["access"])
    assert needs_for(user=people.partner, project=people.project) == []


def test_people_added_by_proxy_are_not_reminded(people):  # noqa: F811
    from roundtable.projects.joining import onboarding_reminders_due

    grace = make_person("grace@example.com", "Grace Owen")
    project_services.member_add_by_proxy(actor=people.organiser, project=people.project, user=grace)
    finish_joining(people)
    Membership.objects.filter(user=people.professional).update(sharing_chosen_at=at(1, 9))
    assert onboarding_reminders_due(now=at(30, 12)) == 0


def test_the_members_page_says_who_has_not_finished_joining(people):  # noqa: F811
    """Issue 13: the organiser saw "Nothing yet" for someone who stopped after "Yes, I'd like to join"."""
    members = reverse("projects:members", args=[people.project.pk])
    html = client_for(people.organiser).get(members).content.decode()
    assert "Not chosen yet. They have not finished joining." in html and "Nothing yet" not in html

    membership = Membership.objects.get(project=people.project, user=people.partner)
    project_services.membership_share_set(actor=people.partner, membership=membership, sections=[])
    Membership.objects.exclude(pk=membership.pk).filter(project=people.project).update(sharing_chosen_at=at(1, 9))
    html = client_for(people.organiser).get(members).content.decode()
    assert "They chose to share nothing." in html and "Not chosen yet" not in html


def test_a_vote_for_partners_only_waits_for_partners_and_not_for_professionals(people):  # noqa: F811
    from roundtable.decisions.tests.conftest import make_proposal

    make_proposal(people, voters="partners")

    def votes(user, **kwargs) -> list[str]:
        return [need.text for need in needs_for(user=user, **kwargs) if need.kind == "vote"]

    waiting = ["Have your say in a vote: Should we meet in the evening?"]
    assert votes(people.partner) == waiting and votes(people.partner, project=people.project) == waiting
    assert votes(people.professional) == [] and votes(people.outsider) == []


def test_need_links_are_what_reverse_gives(monkeypatch):
    """The links are reversed once per list with stand-in ids; each must be the path ``reverse`` gives for its ids,
    and where a stand-in could be mistaken for another part of the path, ``reverse`` itself is used."""
    from roundtable.core import needs

    link = needs._Links()
    for name, ids in [
        ("meetings:poll", (3, 41)),
        ("meetings:poll", (12, 7)),
        ("decisions:proposal", (5, 2)),
        ("payments:claim", (901,)),
        ("payments:claim", (17,)),
        ("projects:sharing", (730,)),
    ]:
        assert link(name, *ids) == reverse(name, args=list(ids))

    monkeypatch.setattr(needs, "_STAND_INS", (1, 11))  # "1" shows three times in /projects/1/people/11/...
    link = needs._Links()
    assert link("projects:proxy_sharing", 5, 6) == reverse("projects:proxy_sharing", args=[5, 6])
    assert link("projects:proxy_sharing", 8, 9) == reverse("projects:proxy_sharing", args=[8, 9])
