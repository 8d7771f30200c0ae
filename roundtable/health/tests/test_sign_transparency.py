"""Sign 5, "Lack of transparency": partners joined a complete offer and heard about changes (docs/health.md)."""
# ruff: noqa: F811 - the standing fixtures (people, clock) are imported from the meetings tests

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from roundtable.accounts.tests.factories import UserFactory
from roundtable.health.models import Rating
from roundtable.health.registry import HealthContext, signs
from roundtable.health.signs.transparency import SIGN
from roundtable.meetings.tests.conftest import NOW, at, clock, media, people  # noqa: F401
from roundtable.projects import services as project_services
from roundtable.projects.models import Membership
from roundtable.projects.tests.factories import MembershipFactory, ProjectFactory, complete_offer

LATER = at(30, 12)


def measure(project, as_of=LATER):
    return SIGN.measure(HealthContext(project=project, as_of=as_of))


def figure(finding, label: str) -> str:
    return next(f.value for f in finding.figures if f.label == label)


def third_partner(people):
    """Amira and Joe joined with the standing cast; one more partner makes enough evidence."""
    return MembershipFactory(project=people.project, user=UserFactory(), invited_by=people.organiser)


def change_offer(people, hours: str = "5"):
    project_services.project_offer_update(
        actor=people.organiser, project=people.project, data={"hours_per_month": Decimal(hours)}
    )


def tell(people):
    project_services.announcement_send(
        actor=people.organiser, project=people.project, subject="The role has changed", body="It is now 5 hours."
    )


def test_the_sign_is_registered_as_sign_5():
    assert SIGN in signs()
    assert (SIGN.number, SIGN.key) == (5, "transparency")


def test_good_when_partners_joined_a_published_offer_and_heard_about_each_change(people, clock):
    third_partner(people)
    clock.move_to(at(10, 10))
    change_offer(people)
    clock.move_to(at(12, 10))
    tell(people)
    finding = measure(people.project)
    assert (finding.rating, finding.value, finding.evidence) == (Rating.GOOD, 100, 3)
    assert finding.summary == "3 of 3 partners knew what they were joining and heard about every change."
    assert figure(finding, "Changes to the role offer after partners joined") == "1"
    assert figure(finding, f"Changes not told to partners within {7} days") == "0"
    assert finding.action.url == f"/projects/{people.project.pk}/offer/edit/"


def test_at_risk_when_the_offer_changed_and_nobody_was_told(people, clock):
    third_partner(people)
    clock.move_to(at(10, 10))
    change_offer(people)
    clock.move_to(at(20, 10))
    tell(people)  # too late: more than 7 days after
    finding = measure(people.project)
    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 0, 3)
    assert figure(finding, "Partners who were not told about a change") == "3"
    assert "1 change to the role offer was not told to partners." in finding.summary
    for words in [finding.summary, *(f.label + f.value for f in finding.figures)]:
        for person in (people.partner, people.joe, people.organiser):
            assert person.full_name not in words and person.full_name.split()[0] not in words


def test_partners_who_joined_before_the_offer_was_complete(db, clock):
    project = ProjectFactory(draft=True)
    early = [MembershipFactory(project=project, joined="proxy") for _ in range(2)]
    clock.move_to(NOW + dt.timedelta(days=1))
    project = complete_offer(project, project.created_by)
    project = project_services.project_publish(actor=project.created_by, project=project)
    clock.move_to(NOW + dt.timedelta(days=2))
    for _ in range(2):
        MembershipFactory(project=project)
    finding = measure(project)
    assert len(early) == 2
    assert (finding.rating, finding.value, finding.evidence) == (Rating.AT_RISK, 50, 4)
    assert figure(finding, "Joined before the role offer was complete") == "2"
    assert "2 partners joined before the role offer was complete." in finding.summary
    # Filling in the offer after the first two joined is a change they were not told about.
    assert figure(finding, "Changes to the role offer after partners joined") == "1"
    assert figure(finding, "Partners who were not told about a change") == "2"


def test_not_enough_evidence_with_two_partners(people):
    finding = measure(people.project)  # Amira and Joe; the professional member is not counted
    assert (finding.rating, finding.value, finding.evidence) == (Rating.NOT_ENOUGH, 100, 2)
    assert finding.summary.startswith("2 partners have joined so far.")


def test_only_what_had_happened_at_the_moment_counts(people, clock):
    clock.move_to(at(10, 10))
    change_offer(people)
    clock.move_to(at(11, 10))
    third_partner(people)  # joined after the change: not affected by it
    clock.move_to(at(25, 10))
    change_offer(people, "6")  # after the first moment below, and never told
    first = measure(people.project, as_of=at(20, 10))
    assert (first.value, first.evidence) == (33, 3)  # Amira and Joe missed the first change
    assert figure(first, "Changes to the role offer after partners joined") == "1"
    still_time = measure(people.project, as_of=at(26, 10))
    assert figure(still_time, f"Changes not told to partners within {7} days") == "1"  # the second: still time
    assert still_time.value == 33
    last = measure(people.project, as_of=at(2, 12, month=4))
    assert (last.value, figure(last, "Partners who were not told about a change")) == (0, "3")
    assert measure(people.project, as_of=NOW - dt.timedelta(days=1)).evidence == 0


def test_a_change_after_someone_left_does_not_count_against_them(people, clock):
    leaver = third_partner(people)
    clock.move_to(at(5, 10))
    project_services.membership_leave(actor=people.joe, membership=Membership.objects.get(user=people.joe))
    project_services.membership_leave(actor=leaver.user, membership=leaver)
    clock.move_to(at(6, 10))
    change_offer(people)
    finding = measure(people.project)
    assert (finding.value, figure(finding, "Partners who were not told about a change")) == (67, "1")


def test_figures_link_to_the_records(people):
    for item in measure(people.project).figures:
        assert item.url.startswith(f"/projects/{people.project.pk}/")


@pytest.mark.parametrize("size", [1, 5])
def test_the_measure_costs_three_queries_whatever_the_data(people, clock, size, django_assert_num_queries):
    for n in range(size):
        clock.move_to(NOW + dt.timedelta(days=n + 1))
        third_partner(people)
        change_offer(people, str(n + 4))
        tell(people)
    with django_assert_num_queries(3):
        finding = measure(people.project)
    assert finding.evidence == 2 + size
