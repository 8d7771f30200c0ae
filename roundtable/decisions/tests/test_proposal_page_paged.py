"""The proposal page pages its lists of people, so it costs the same with 5 voters or 500 (issues 14 and 19)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.accounts.models import CommunicationProfile, User
from roundtable.decisions import selectors, services
from roundtable.decisions.tests.conftest import make_proposal
from roundtable.projects.models import Membership

pytestmark = pytest.mark.django_db


def add_partners(project, count: int, *, tag: str, uses_web: bool = True) -> list[User]:
    """``count`` partners who joined ``project`` (in bulk: the page, not joining, is under test here)."""
    people = User.objects.bulk_create(
        [
            User(
                email=f"{tag}-{n}@example.com" if uses_web else None,
                full_name=f"{tag.title()} {n:03}",
                uses_web=uses_web,
            )
            for n in range(count)
        ]
    )
    CommunicationProfile.objects.bulk_create([CommunicationProfile(user=person) for person in people])
    Membership.objects.bulk_create([Membership(project=project, user=person, role="partner") for person in people])
    return people


def page_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_page_lists_fifty_votes_at_a_time_and_its_queries_do_not_grow(client, people):
    proposal = make_proposal(people, kind="one", results_while_open=True)
    yes = proposal.options.first()
    client.force_login(people.organiser)
    url = f"/projects/{people.project.pk}/decisions/{proposal.number}/"
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[yes.pk, 1]])
    small, _ = page_queries(client, url)

    voters = add_partners(people.project, 70, tag="voter")
    add_partners(people.project, 40, tag="waiting")
    add_partners(people.project, 55, tag="offline", uses_web=False)
    for person in voters:
        services.vote_cast(actor=person, proposal=proposal, choice=[[yes.pk, 1]])
    large, html = page_queries(client, url)

    assert large == small <= 14  # session, viewer, project, roles, membership, proposal and 8 of its own
    assert html.count("(partner): ") == 50  # one page of named votes
    assert 'href="?page=2#how-each-voted"' in html
    assert "71 of" in html  # the count is of everyone, not of the page
    # Not voted: the first 30 by name and how many more; the offline list is paged too.
    assert "and 69 more people." in html  # 40 waiting, 55 offline and 4 of the cast: 99, 30 named
    assert html.count("vote (phone or post)") == 50
    assert 'href="?offline=2#offline"' in html

    _, second = page_queries(client, url + "?page=2")
    assert second.count("(partner): ") == 21
    assert 'href="?page=1#how-each-voted"' in second and "?page=3" not in second
    _, offline = page_queries(client, url + "?offline=2")
    assert offline.count("vote (phone or post)") == 5


@pytest.mark.parametrize("bad", ["0", "-1", "two", "99999999999999999999", ""])
def test_a_page_number_that_is_not_a_page_shows_the_first_or_an_empty_page_never_an_error(client, people, bad):
    proposal = make_proposal(people, kind="one", results_while_open=True)
    client.force_login(people.organiser)
    response = client.get(f"/projects/{people.project.pk}/decisions/{proposal.number}/?page={bad}&offline={bad}")
    assert response.status_code == 200


def test_the_selector_counts_everyone_who_may_vote_like_the_electorate(people):
    from roundtable.decisions.electorate import electorate, eligible_users

    add_partners(people.project, 3, tag="extra")
    for voters in ("everyone", "partners"):
        listed = {voter.user.pk for voter in electorate(people.project, voters)}
        assert set(eligible_users(people.project, voters).values_list("pk", flat=True)) == listed
    proposal = make_proposal(people, kind="one")
    page = selectors.proposal_page(
        proposal=proposal,
        access=__import__("roundtable.projects.permissions", fromlist=["project_access"]).project_access(
            people.organiser, people.project
        ),
        user=people.organiser,
    )
    assert page.eligible == len(electorate(people.project, "everyone"))


def test_grouped_counting_gives_the_same_result_as_counting_each_vote():
    from roundtable.decisions import counting

    votes = [("partner", [[1, 1]])] * 4 + [("staff", [[2, 1]])] * 3 + [("partner", [[2, 1], [3, 1]])]
    groups = [("partner", [[1, 1]], 4), ("staff", [[2, 1]], 3), ("partner", [[2, 1], [3, 1]], 1)]
    for kind in ("one", "several", "rank", "score", "consent"):
        each, grouped = counting.count(kind, [1, 2, 3], votes), counting.count_grouped(kind, [1, 2, 3], groups)
        assert each == grouped, kind
    assert counting.count_grouped("one", [1, 2, 3], groups).partners.voters == 5
