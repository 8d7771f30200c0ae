"""The health check's pages: a project's signs (staff and partners' views) and the organisation's table.

The tests register small signs of their own (``own_registry``: the real registry is put back after) and
write snapshots directly, so they do not depend on the real signs' measures. The clock is frozen.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from roundtable.health import registry
from roundtable.health.models import HealthSnapshot, Rating
from roundtable.health.registry import Action, Evidence, Figure, Finding, Recommendation, Sign, Threshold
from roundtable.health.selectors_pages import is_worse, month_starts, organisation_health, trend
from roundtable.projects.models import StaffRole
from roundtable.projects.tests.factories import (
    OrganisationFactory,
    ProjectFactory,
    StaffMembershipFactory,
    build_people,
)

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)

# What each test sign finds, by project id: set by a test, read by the sign's measure.
FOUND: dict[int, dict[int, Finding]] = {}


def _threshold(noun: str) -> Threshold:
    return Threshold(
        unit="%", good=Decimal(80), at_risk=Decimal(50), higher_is_better=True, min_evidence=3,
        evidence_noun=noun, source="Our own judgement, for these tests.",
    )  # fmt: skip


def _measure(number: int):
    def measure(ctx):
        return FOUND.get(ctx.project.pk, {}).get(number) or Finding(Rating.NOT_ENOUGH, None, 0, "Nothing yet.")

    return measure


TEST_SIGNS = [
    Sign(1, "doing_to", "Doing to, not with", "Decisions in which partners voted.", _threshold("decisions"),
         _measure(1)),
    Sign(6, "papers", "No information in advance", "Papers sent on time.", _threshold("papers"), _measure(6)),
]  # fmt: skip


@pytest.fixture
def own_registry():
    """Only the test signs and one recommendation, for the test; the real registry is put back after."""
    signs, recommendations = dict(registry._signs), dict(registry._recommendations)
    registry._signs.clear()
    registry._recommendations.clear()
    for sign in TEST_SIGNS:
        registry.register_sign(sign)
    registry.register_recommendation(
        Recommendation(1, "Pay people for their time", lambda ctx: Evidence("Claims are paid in 9 days on average."))
    )
    FOUND.clear()
    yield
    FOUND.clear()
    registry._signs.clear()
    registry._signs.update(signs)
    registry._recommendations.clear()
    registry._recommendations.update(recommendations)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db, clock, own_registry):
    """The standing cast (admin Priya, organiser Tom, finance Sam, partner Amira, professional Dr Lee, an
    outsider), a co-production lead, and another organisation's admin."""
    from roundtable.accounts.tests.factories import person

    w = build_people()
    w.lead = person("lead@example.com", "Lena Lead")
    StaffMembershipFactory(organisation=w.organisation, user=w.lead, role=StaffRole.LEAD)
    w.other_admin = person("other@example.com", "Otto Other")
    w.other = OrganisationFactory(admin=w.other_admin, name="Kirklees Council")
    return w


def snap(project, day: dt.date, sign: int, rating: str, value=None, evidence=5, summary="") -> HealthSnapshot:
    """A snapshot row, written directly (the nightly job's own tests cover taking them)."""
    return HealthSnapshot.objects.create(
        project=project, taken_on=day, sign=sign, rating=rating, value=value, evidence=evidence, summary=summary
    )


def at_risk_with_staff_step(project):
    FOUND[project.pk] = {
        1: Finding(
            Rating.AT_RISK, Decimal(25), 4, "Partners voted in 1 of 4 decisions.",
            action=Action("Ask partners to vote on the next decision", "/staff-only-step/", staff_only=True),
            figures=(Figure("Decisions", "4 decisions", f"/projects/{project.pk}/decisions/"),),
        ),
        6: Finding(
            Rating.GOOD, Decimal(90), 10, "9 of 10 papers went out on time.",
            action=Action("Read the papers", "/everyone-step/", staff_only=False),
        ),
    }  # fmt: skip


# --- The project's page --------------------------------------------------------------------------


def test_staff_see_every_sign_with_its_rule_source_figures_and_next_step(client, world):
    at_risk_with_staff_step(world.project)
    client.force_login(world.organiser)
    html = client.get(reverse("health:project", args=[world.project.pk])).content.decode()
    assert "Doing to, not with" in html and "No information in advance" in html
    assert "Partners voted in 1 of 4 decisions." in html
    assert "Good at 80% or more. At risk below 50%. Needs at least 3 decisions." in html
    assert "Our own judgement, for these tests." in html
    assert f'href="/projects/{world.project.pk}/decisions/"' in html
    assert 'href="/staff-only-step/"' in html and "Ask partners to vote on the next decision" in html
    assert "25%, from 4 decisions" in html
    assert "Claims are paid in 9 days on average." in html


def test_a_partner_sees_the_same_page_without_staff_only_steps(client, world):
    at_risk_with_staff_step(world.project)
    client.force_login(world.partner)
    response = client.get(reverse("health:project", args=[world.project.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Partners voted in 1 of 4 decisions." in html
    assert "/staff-only-step/" not in html and "Ask partners to vote" not in html
    assert "The project's staff have a step to take here." in html
    assert 'href="/everyone-step/"' in html


def test_ratings_are_given_in_words_with_a_pattern_not_colour_alone(client, world):
    at_risk_with_staff_step(world.project)
    client.force_login(world.lead)
    html = client.get(reverse("health:project", args=[world.project.pk])).content.decode()
    assert "url(#rt-fill-at_risk)" in html and 'id="rt-fill-at_risk"' in html
    assert "At risk" in html and "Good" in html
    assert "1 sign: At risk" in html and "1 sign: Good" in html


def test_each_sign_has_a_monthly_trend_from_snapshots_with_a_table(client, world):
    snap(world.project, dt.date(2026, 9, 30), 1, Rating.GOOD, Decimal(85))
    snap(world.project, dt.date(2026, 10, 15), 1, Rating.GOOD, Decimal(82))
    snap(world.project, dt.date(2026, 10, 31), 1, Rating.ATTENTION, Decimal(60))
    snap(world.project, dt.date(2026, 11, 19), 1, Rating.GOOD, Decimal(90))
    at_risk_with_staff_step(world.project)  # measured now: at risk, 25
    client.force_login(world.organiser)
    html = client.get(reverse("health:project", args=[world.project.pk])).content.decode()
    # The chart says it in words, month by month; the table has the same figures. This month's point is
    # the measurement the page shows now, not last night's snapshot, so the words and the chart agree.
    assert "September 2026: Good; October 2026: Needs attention; November 2026: At risk" in html
    assert '<td class="govuk-table__cell">At risk</td><td class="govuk-table__cell">25</td>' in html
    assert 'role="img"' in html and 'aria-labelledby="trend-doing_to-title trend-doing_to-desc"' in html
    assert '<td class="govuk-table__cell">Needs attention</td><td class="govuk-table__cell">60</td>' in html


def _check_in_answers(world, answers: dict) -> None:
    """A meeting held yesterday, its check-in open, and each person's answers, through the services."""
    from roundtable.feedback import services as feedback
    from roundtable.meetings.tests.factories import MeetingFactory

    starts = NOW - dt.timedelta(days=1)
    meeting = MeetingFactory(
        project=world.project, created_by=world.organiser, already_held=True, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )  # fmt: skip
    check_in = feedback.check_in_open(actor=world.organiser, meeting=meeting)
    for who, data in answers.items():
        person = getattr(world, who)
        feedback.check_in_answer(actor=person, check_in=check_in, person=person, data=data)


def test_how_it_felt_is_hidden_below_three_people(client, world):
    _check_in_answers(
        world,
        {
            "partner": {"heard": "2", "valued": "5", "feeling_text": "I was rushed."},
            "professional": {"heard": "3"},
        },
    )
    client.force_login(world.organiser)
    html = client.get(reverse("health:project", args=[world.project.pk])).content.decode()
    assert "out of 5, from" not in html and "Not shown: fewer than 3 people answered." in html
    assert "I was rushed." not in html  # comments wait for 3 people too


def test_comments_show_to_staff_without_names_and_never_to_partners(client, world):
    from roundtable.accounts.tests.factories import person
    from roundtable.projects.tests.factories import MembershipFactory

    world.joe = person("joe@example.com", "Joe Bennett")
    MembershipFactory(project=world.project, user=world.joe)
    _check_in_answers(
        world,
        {
            "partner": {"heard": "2", "feeling_text": "Nobody asked what I thought."},
            "professional": {"heard": "3"},
            "joe": {"heard": "5", "change_text": "Send the papers sooner."},
        },
    )
    url = reverse("health:project", args=[world.project.pk])
    client.force_login(world.organiser)
    staff = client.get(url).content.decode()
    assert "Nobody asked what I thought." in staff and "Send the papers sooner." in staff
    section = staff[staff.index('id="how-it-felt"') :]
    assert "Joe" not in section and world.partner.full_name not in section
    client.force_login(world.partner)
    member = client.get(url).content.decode()
    assert "3.3 out of 5, from 3 people" in member
    assert "Nobody asked what I thought." not in member and "Send the papers sooner." not in member
    # The check-in says so before anyone writes a comment.
    check_in = client.get(
        reverse("feedback:check_in", args=[world.project.pk, world.project.meetings.get().pk])
    ).content.decode()
    assert "The project's staff may also read your comments on its health check, without your name." in check_in


def test_how_it_felt_shows_the_average_from_three_people(client, world):
    from roundtable.accounts.tests.factories import person
    from roundtable.projects.tests.factories import MembershipFactory

    world.joe = person("joe@example.com", "Joe Bennett")
    MembershipFactory(project=world.project, user=world.joe)
    _check_in_answers(world, {"partner": {"heard": "2"}, "professional": {"heard": "3"}, "joe": {"heard": "5"}})
    client.force_login(world.partner)
    html = client.get(reverse("health:project", args=[world.project.pk])).content.decode()
    assert "3.3 out of 5, from 3 people" in html
    assert "Not shown: fewer than 3 people answered." in html  # "I felt valued": nobody answered


def test_the_project_page_does_not_read_more_with_a_year_of_history(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    at_risk_with_staff_step(world.project)
    snap(world.project, TODAY, 1, Rating.AT_RISK)  # one night's snapshot to start from
    client.force_login(world.organiser)
    url = reverse("health:project", args=[world.project.pk])
    client.get(url)

    def count() -> int:
        cache.clear()  # measure the live page, not the copy kept for a few minutes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    day = TODAY - dt.timedelta(days=365)
    rows = []
    while day < TODAY:
        rows += [HealthSnapshot(project=world.project, taken_on=day, sign=n, rating=Rating.GOOD) for n in (1, 6)]
        day += dt.timedelta(days=1)
    HealthSnapshot.objects.bulk_create(rows)  # a year of nightly snapshots, as the job would have left
    assert count() == few


# --- The trend selector ------------------------------------------------------------------------------


def test_the_trend_takes_the_last_snapshot_of_each_month_in_two_queries(world, django_assert_num_queries):
    snap(world.project, dt.date(2026, 10, 1), 1, Rating.AT_RISK)
    snap(world.project, dt.date(2026, 10, 31), 1, Rating.GOOD)
    snap(world.project, dt.date(2026, 10, 31), 6, Rating.ATTENTION)
    with django_assert_num_queries(2):
        points = trend(world.project, today=TODAY)
    assert [p.month for p in points[1]] == month_starts(TODAY, 12)
    assert points[1][-2].rating == Rating.GOOD and points[6][-2].rating == Rating.ATTENTION
    assert points[1][-1].rating is None  # no snapshot in November


def test_month_starts_cross_the_new_year():
    assert month_starts(dt.date(2026, 2, 10), 3) == [dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]


@pytest.mark.parametrize(
    ("now", "before", "drifted"),
    [
        (Rating.AT_RISK, Rating.GOOD, True),
        (Rating.ATTENTION, Rating.NOT_ENOUGH, True),
        (Rating.AT_RISK, Rating.ATTENTION, True),
        (Rating.ATTENTION, Rating.AT_RISK, False),  # better
        (Rating.NOT_ENOUGH, Rating.GOOD, False),  # too little evidence is not drift into tokenism
        (Rating.AT_RISK, None, False),  # nothing to compare with
        (Rating.GOOD, Rating.GOOD, False),
    ],
)
def test_drift_is_a_move_into_attention_or_risk_from_something_better(now, before, drifted):
    assert is_worse(now, before) is drifted


# --- The organisation's page ---------------------------------------------------------------------------


def drifting_world(world):
    """Three projects: "Better sleep" drifted this month, "Short breaks" has been at risk all along,
    "Support at school" is healthy. Returns them."""
    breaks = ProjectFactory(organisation=world.organisation, created_by=world.admin, title="Short breaks")
    school = ProjectFactory(organisation=world.organisation, created_by=world.admin, title="Support at school")
    for day in (dt.date(2026, 10, 31), dt.date(2026, 11, 19)):
        snap(world.project, day, 6, Rating.GOOD)
        snap(breaks, day, 1, Rating.AT_RISK, summary='=HYPERLINK("http://evil")')
        snap(breaks, day, 6, Rating.GOOD)
        snap(school, day, 1, Rating.GOOD)
        snap(school, day, 6, Rating.GOOD)
    snap(world.project, dt.date(2026, 10, 31), 1, Rating.GOOD)
    snap(world.project, dt.date(2026, 11, 19), 1, Rating.ATTENTION, summary="Partners voted in 2 of 4 decisions.")
    return breaks, school


def test_projects_come_worst_first_or_most_drifting_first(world):
    breaks, school = drifting_world(world)
    by_risk = organisation_health(world.organisation, today=TODAY)
    assert [row.title for row in by_risk] == ["Short breaks", "Better sleep", "Support at school"]
    by_drift = organisation_health(world.organisation, today=TODAY, sort="drift")
    assert [row.title for row in by_drift] == ["Better sleep", "Short breaks", "Support at school"]
    sleep = by_drift[0]
    assert [(s.number, s.before, s.rating) for s in sleep.drifting] == [(1, Rating.GOOD, Rating.ATTENTION)]
    assert sleep.months[-1].attention == 1 and sleep.months[-2].attention == 0 and sleep.months[-2].taken
    assert not sleep.months[0].taken


def test_filters_by_worst_rating_status_and_drift(world):
    drifting_world(world)
    org = world.organisation
    assert [r.title for r in organisation_health(org, today=TODAY, drifting_only=True)] == ["Better sleep"]
    assert [r.title for r in organisation_health(org, today=TODAY, rating=Rating.GOOD)] == ["Support at school"]
    assert [r.title for r in organisation_health(org, today=TODAY, status="draft")] == []


def test_the_organisation_page_reads_snapshots_in_a_constant_number_of_queries(
    client, world, django_assert_num_queries
):
    drifting_world(world)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    client.get(url)  # warm up: the session and the person are read once per request anyway

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # the table as drawn afresh, not the copy kept for a few minutes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        extra = ProjectFactory(organisation=world.organisation, created_by=world.admin, title=f"More {n}")
        for day in (dt.date(2026, 8, 31), dt.date(2026, 10, 31), dt.date(2026, 11, 19)):
            snap(extra, day, 1, Rating.ATTENTION)
    # The new projects' snapshots are summed up on this drawing (six queries more, whatever their number:
    # the projects, their newest days, the signs, the counts, dropping summaries of another shape, keeping
    # them), then read from what was kept.
    assert count() == few + 6
    assert count() == few
    # Session, person, organisation, roles, the projects with their kept summaries, and the menu's unread
    # messages; the kept copy needs only the first four and the menu.
    cache.clear()
    with django_assert_num_queries(6):
        client.get(url)
    with django_assert_num_queries(5):
        client.get(url)


def test_the_organisation_page_shows_drift_and_links_to_each_health_check(client, world):
    breaks, _school = drifting_world(world)
    client.force_login(world.lead)
    html = client.get(reverse("health:organisation", args=[world.organisation.slug]) + "?sort=drift").content.decode()
    assert "1. Doing to, not with: from Good to Needs attention" in html
    assert f'href="/projects/{world.project.pk}/health/"' in html
    assert html.index("Better sleep") < html.index("Short breaks")


def test_bad_filter_values_are_ignored_not_an_error(client, world):
    drifting_world(world)
    client.force_login(world.admin)
    url = reverse("health:organisation", args=[world.organisation.slug])
    response = client.get(url, {"rating": "<script>", "status": "nonsense", "sort": "DROP TABLE", "drifting": "x"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_the_csv_has_one_row_per_project_and_sign_and_is_safe_in_a_spreadsheet(client, world):
    breaks, _school = drifting_world(world)
    client.force_login(world.lead)
    response = client.get(reverse("health:organisation", args=[world.organisation.slug]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Project", "Project status", "Checked on", "Sign number", "Sign", "Rating"]
    assert len(body) == 6 and all(len(row) == len(header) for row in body)
    evil = next(row for row in body if row[0] == "Short breaks" and row[3] == "1")
    assert evil[8].startswith("'=")
    drifted = next(row for row in body if row[0] == "Better sleep" and row[3] == "1")
    assert drifted[5:] == ["Needs attention", "", "5", "Partners voted in 2 of 4 decisions.", "Good", "Yes",
                           f"/projects/{world.project.pk}/health/"]  # fmt: skip


def test_a_project_never_checked_shows_as_such(world):
    ProjectFactory(organisation=world.organisation, created_by=world.admin, title="Autism assessment")
    rows = organisation_health(world.organisation, today=TODAY)
    assert [(row.title, row.worst_label) for row in rows] == [
        ("Autism assessment", "No check yet"),
        ("Better sleep", "No check yet"),
    ]
    assert [r.title for r in organisation_health(world.organisation, today=TODAY, rating="none")] == [
        "Autism assessment", "Better sleep",
    ]  # fmt: skip


def test_another_organisations_snapshots_never_show(world):
    theirs = ProjectFactory(organisation=world.other, created_by=world.other_admin, title="Their project")
    snap(theirs, dt.date(2026, 11, 19), 1, Rating.AT_RISK)
    assert [row.title for row in organisation_health(world.organisation, today=TODAY)] == ["Better sleep"]


# --- Links to the health check --------------------------------------------------------------------------


def test_the_project_page_links_to_the_health_check_for_those_who_see_it(client, world):
    url = reverse("projects:project", args=[world.project.pk])
    link = f'href="{reverse("health:project", args=[world.project.pk])}"'
    for who, shown in [("organiser", True), ("lead", True), ("partner", True), ("finance", False)]:
        client.force_login(getattr(world, who))
        assert (link in client.get(url).content.decode()) is shown, who


def test_the_project_panel_reads_nothing_from_the_database(world, django_assert_num_queries):
    from roundtable.health.selectors_pages import project_panel
    from roundtable.projects.permissions import project_access

    access = project_access(world.partner, world.project)
    with django_assert_num_queries(0):
        assert project_panel(project=world.project, access=access, user=world.partner) == {"staff": False}


def test_the_organisation_page_links_to_its_health_check_for_admins_and_leads(client, world):
    url = reverse("projects:org_dashboard", args=[world.organisation.slug])
    link = f'href="{reverse("health:organisation", args=[world.organisation.slug])}"'
    for who, shown in [("admin", True), ("lead", True), ("organiser", False), ("finance", False)]:
        client.force_login(getattr(world, who))
        assert (link in client.get(url).content.decode()) is shown, who


def test_the_page_reads_the_kept_measurement_and_says_when_it_was_measured(client, world):
    """The first visit measures and keeps it; later visits, staff's and members' alike, read the kept one
    until it is stale, then show it saying so and ask the worker (docs/health.md, "The kept measurement")."""
    from roundtable.health.services import measurements_take_requested

    at_risk_with_staff_step(world.project)
    url = reverse("health:project", args=[world.project.pk])
    with time_machine.travel(NOW, tick=False) as traveller:
        client.force_login(world.organiser)
        first = client.get(url).content.decode()
        assert "We measured this at 12:00 today." in first and "Updating" not in first
        FOUND[world.project.pk][1] = Finding(Rating.GOOD, Decimal(90), 10, "Partners voted in 9 of 10 decisions.")
        assert "Partners voted in 1 of 4 decisions." in client.get(url).content.decode()  # the kept one
        # The partner reads the same kept measurement, without the staff-only step.
        client.force_login(world.partner)
        member = client.get(url).content.decode()
        assert "Partners voted in 1 of 4 decisions." in member and "/staff-only-step/" not in member
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        stale = client.get(url).content.decode()
        assert "Partners voted in 1 of 4 decisions." in stale and "We measured this at 12:00 today." in stale
        assert "Updating: something may have changed. We are checking it again now." in stale
        assert measurements_take_requested() == 1
        later = client.get(url).content.decode()
    assert "Partners voted in 9 of 10 decisions." in later and "We measured this at 12:05 today." in later
    assert "Updating" not in later


def test_partners_see_figures_as_words_not_links_to_staff_pages(client, world):
    at_risk_with_staff_step(world.project)
    url = reverse("health:project", args=[world.project.pk])
    client.force_login(world.organiser)
    assert f'href="/projects/{world.project.pk}/decisions/">4 decisions</a>' in client.get(url).content.decode()
    client.force_login(world.partner)
    member = client.get(url).content.decode()
    assert "4 decisions" in member and f'href="/projects/{world.project.pk}/decisions/">4 decisions' not in member
    assert "You see the same figures as the staff." in member


def test_the_organisation_page_keeps_its_drawn_copy_until_its_projects_or_snapshots_change(
    client, world, django_assert_num_queries
):
    """Drawn once, then kept for the day however late the next visit is, and drawn again as soon as a
    snapshot or a project changes, or the London day turns."""
    drifting_world(world)
    client.force_login(world.lead)
    url = reverse("health:organisation", args=[world.organisation.slug])
    cache.clear()
    client.get(url)
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        with django_assert_num_queries(5):  # the kept copy, three hours later
            assert "Short breaks" in client.get(url).content.decode()
        world.project.title = "Better sleep for carers"
        world.project.save(update_fields=["title"])
        assert "Better sleep for carers" in client.get(url).content.decode()
        school = world.organisation.projects.get(title="Support at school")
        snap(school, TODAY, 1, Rating.AT_RISK)
        snap(school, TODAY, 6, Rating.GOOD)
        html = client.get(url).content.decode()
        assert html.index("Support at school") < html.index("Short breaks")  # now at risk: first
        with django_assert_num_queries(5):
            client.get(url)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        with django_assert_num_queries(6):  # a new day: drawn again, from the kept summaries
            client.get(url)


def test_a_nightly_snapshot_gives_the_organisation_page_a_new_version(world):
    from roundtable.health.changes import organisation_version
    from roundtable.health.services import take_snapshot

    before = organisation_version(world.organisation.pk)
    assert organisation_version(world.organisation.pk) == before
    take_snapshot(world.project, TODAY)
    assert organisation_version(world.organisation.pk) != before
    assert organisation_version(world.other.pk) != before
