"""Decision pages: the permission table, voting on the web, bad input kept at the field, proxy votes, closing,
the log and its CSV, and the query counts that must not grow with the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.decisions import selectors, services
from roundtable.decisions.models import Proposal, Vote
from roundtable.decisions.tests.conftest import later, make_proposal, option
from roundtable.projects.permissions import project_access

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]
READ = dict(admin=200, organiser=200, finance=200, partner=200, professional=200, outsider=404, anonymous=302)
ORGANISE = dict(admin=200, organiser=200, finance=403, partner=403, professional=403, outsider=404, anonymous=302)

# (URL name, path with {p} the project and {n} the proposal's number, what each role gets)
PAGES = [
    ("decisions:log", "/projects/{p}/decisions/", READ),
    ("decisions:export", "/projects/{p}/decisions/export.csv", READ),
    ("decisions:proposal", "/projects/{p}/decisions/{n}/", READ),
    ("decisions:new", "/projects/{p}/decisions/new/", ORGANISE),
    ("decisions:settings", "/projects/{p}/decisions/settings/", ORGANISE),
    ("decisions:record_vote", "/projects/{p}/decisions/{n}/record-vote/", ORGANISE),
    ("decisions:close", "/projects/{p}/decisions/{n}/close/", ORGANISE),
]


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_permission_table(client, people, name, path, expected):
    proposal = make_proposal(people)
    url = path.format(p=people.project.pk, n=proposal.number)
    assert reverse(name, args=[people.project.pk, proposal.number] if "{n}" in path else [people.project.pk]) == url
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(people, role))
        assert client.get(url).status_code == expected[role], (role, url)


def test_a_partner_may_raise_a_proposal_when_the_project_allows_it(client, people):
    client.force_login(people.partner)
    url = reverse("decisions:new", args=[people.project.pk])
    assert client.get(url).status_code == 403
    services.decision_settings_set(actor=people.organiser, project=people.project, partners_may_propose=True)
    assert client.get(url).status_code == 200
    client.force_login(people.professional)
    assert client.get(url).status_code == 403
    assert client.get(reverse("decisions:proposal", args=[people.project.pk, 99])).status_code == 404


def _form(**overrides):
    data = {
        "question": "Should we meet on Saturdays?",
        "background": "Some of us work in the week.",
        "kind": "consent",
        "options": "",
        "closes_on": "09/03/2026",
        "closes_time": "8pm",
        "voters": "everyone",
        "anonymous": "no",
        "results_while_open": "yes",
    }
    data.update(overrides)
    return data


def test_tom_raises_a_consent_proposal_and_bad_input_is_said_at_the_field_with_nothing_lost(client, people):
    client.force_login(people.organiser)
    url = reverse("decisions:new", args=[people.project.pk])
    response = client.post(url, _form(kind="one", options="Only one", closes_on="01/03/2026"))
    html = response.content.decode()
    assert response.status_code == 400 and not Proposal.objects.exists()
    assert "The closing time must be in the future" in html
    assert "Should we meet on Saturdays?" in html and "Only one" in html  # nothing typed is lost
    response = client.post(url, _form(kind="one", options="Only one"))
    assert response.status_code == 400 and "Add at least two options" in response.content.decode()
    response = client.post(url, _form())
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{people.project.pk}/decisions/1/"
    assert proposal.kind == "consent" and proposal.options.count() == 4 and proposal.created_by == people.organiser


def test_a_double_click_raises_one_proposal(client, people):
    client.force_login(people.organiser)
    url = reverse("decisions:new", args=[people.project.pk])
    first = client.post(url, {**_form(), "once_key": "abc123abc123abc123"})
    second = client.post(url, {**_form(), "once_key": "abc123abc123abc123"})
    assert first.status_code == second.status_code == 302 and second["Location"] == first["Location"]
    assert Proposal.objects.count() == 1


def test_amira_votes_on_the_web_changes_her_vote_and_a_block_needs_a_reason(client, people, clock):
    proposal = make_proposal(people)
    url = reverse("decisions:proposal", args=[people.project.pk, proposal.number])
    client.force_login(people.partner)
    page = client.get(url).content.decode()
    assert "Your vote" in page and "Block" in page
    response = client.post(url, {"choice": str(option(proposal, "block").pk), "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why you block it" in html and "checked" in html  # her choice is still ticked
    response = client.post(url, {"choice": str(option(proposal, "agree").pk), "reason": "Fine by me"})
    assert response.status_code == 302
    client.post(url, {"choice": str(option(proposal, "disagree").pk), "reason": "Changed my mind"})
    vote = Vote.objects.get()
    assert vote.choice == [[option(proposal, "disagree").pk, 1]] and vote.reason == "Changed my mind"
    page = client.get(url).content.decode()
    assert "Change your vote" in page and "Partners" in page and "Staff" in page
    clock.move_to(proposal.closes_at)
    response = client.post(url, {"choice": str(option(proposal, "agree").pk), "reason": ""})
    assert response.status_code == 400 and "Voting on this proposal has closed" in response.content.decode()
    assert Vote.objects.get().choice == [[option(proposal, "disagree").pk, 1]]


def test_finance_cannot_vote(client, people):
    proposal = make_proposal(people)
    client.force_login(people.finance)
    url = reverse("decisions:proposal", args=[people.project.pk, proposal.number])
    assert "Send my vote" not in client.get(url).content.decode()
    assert client.post(url, {"choice": str(option(proposal, "agree").pk)}).status_code == 403
    assert not Vote.objects.exists()


def test_tom_records_joes_vote_by_phone_and_is_told_no_for_amira(client, people, grace):
    people.joe.uses_web = False
    people.joe.save()
    proposal = make_proposal(people)
    client.force_login(people.organiser)
    page = client.get(reverse("decisions:proposal", args=[people.project.pk, proposal.number])).content.decode()
    assert "Record Joe Bennett&#x27;s vote" in page or "Record Joe Bennett's vote" in page
    url = reverse("decisions:record_vote", args=[people.project.pk, proposal.number])
    agree = option(proposal, "agree")
    response = client.post(url, {"person": people.partner.pk, "channel": "phone", "choice": agree.pk, "reason": "x"})
    html = response.content.decode()
    assert response.status_code == 400 and "uses the website, so they vote for themselves" in html
    assert not Vote.objects.exists()
    response = client.post(url, {"person": people.joe.pk, "channel": "phone", "choice": agree.pk, "reason": ""})
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.person, vote.taken_by, vote.channel) == (people.joe, people.organiser, "phone")
    page = client.get(reverse("decisions:proposal", args=[people.project.pk, proposal.number])).content.decode()
    assert "By phone, taken by Tom" in page


def test_closing_shows_the_outcome_and_the_log_and_csv_show_partners_view(client, people):
    proposal = make_proposal(people, kind="one")
    evenings, saturdays, _online = proposal.options.all()
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[evenings.pk, 1]])
    for person in (people.organiser, people.admin):
        services.vote_cast(actor=person, proposal=proposal, choice=[[saturdays.pk, 1]])
    client.force_login(people.organiser)
    url = reverse("decisions:close", args=[people.project.pk, proposal.number])
    response = client.post(
        url, {"outcome": "", "next_steps": "Book rooms", "review_on": "", "without_partners_reason": ""}
    )
    assert response.status_code == 400 and "Write what was decided" in response.content.decode()
    assert "Book rooms" in response.content.decode()
    response = client.post(
        url, {"outcome": "Saturdays it is.", "next_steps": "", "review_on": "01/06/2026", "without_partners_reason": ""}
    )
    assert response.status_code == 302
    client.force_login(people.partner)
    page = client.get(reverse("decisions:proposal", args=[people.project.pk, proposal.number])).content.decode()
    assert "Saturdays it is." in page and "Carried by staff against partners" in page
    log = client.get(reverse("decisions:log", args=[people.project.pk])).content.decode()
    assert (
        ("Partners&#x27; view" in log or "Partners' view" in log)
        and "Tuesday evenings" in log
        and "Saturday mornings" in log
    )
    response = client.get(reverse("decisions:export", args=[people.project.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "1" and rows[1][9] == "Saturday mornings" and rows[1][10] == "Tuesday evenings"
    assert rows[1][11] == "Yes" and rows[1][16] == "2026-06-01"
    same = client.get(reverse("decisions:log", args=[people.project.pk]), {"format": "csv"})
    assert same.content == response.content


def test_query_counts_do_not_grow_with_votes_or_decisions(people):
    proposal = make_proposal(people, kind="one")
    access = project_access(people.organiser, people.project)

    def count(fn):
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    def page():
        return selectors.proposal_page(proposal=proposal, access=access, user=people.organiser)

    before_page = count(page)
    before_log = count(lambda: selectors.decision_log(project=people.project))
    before_evidence = count(lambda: selectors.decision_evidence(people.project))
    for person in (people.partner, people.joe, people.professional, people.admin):
        services.vote_cast(actor=person, proposal=proposal, choice=[[proposal.options.first().pk, 1]])
    for _ in range(3):
        make_proposal(people, closes_at=later(days=3))
    assert count(page) == before_page
    assert count(lambda: selectors.decision_log(project=people.project)) == before_log == 1
    assert count(lambda: selectors.decision_evidence(people.project)) == before_evidence == 1


def test_evidence_counts_decisions_with_partners_and_against_partners(people):
    carried = make_proposal(people, kind="one")
    evenings, saturdays, _ = carried.options.all()
    services.vote_cast(actor=people.partner, proposal=carried, choice=[[evenings.pk, 1]])
    for person in (people.organiser, people.admin):
        services.vote_cast(actor=person, proposal=carried, choice=[[saturdays.pk, 1]])
    services.proposal_close(actor=people.organiser, proposal=carried, outcome="Saturdays.")
    staff_only = make_proposal(people)
    services.vote_cast(actor=people.organiser, proposal=staff_only, choice=[[option(staff_only, "agree").pk, 1]])
    services.proposal_close(
        actor=people.organiser, proposal=staff_only, outcome="Agreed.", without_partners_reason="Urgent."
    )
    make_proposal(people)
    assert selectors.decision_evidence(people.project) == {
        "proposals": 3,
        "open": 1,
        "closed": 2,
        "with_partners_voting": 1,
        "share_with_partners_voting": 0.5,
        "carried_against_partners": 1,
        "made_without_partners": 1,
    }


def test_an_open_proposal_waits_for_each_voter_under_what_needs_you_until_they_vote(client, people):
    proposal = make_proposal(people)
    page = reverse("projects:project", args=[people.project.pk])
    vote_link = f"/projects/{people.project.pk}/decisions/{proposal.number}/"
    client.force_login(people.partner)
    html = client.get(page).content.decode()
    assert "Have your say in a vote: Should we meet in the evening?" in html and vote_link in html
    assert f"/projects/{people.project.pk}/decisions/" in html  # the panel's link to the decision log
    assert f"/projects/{people.project.pk}/decisions/new/" not in html  # partners may not propose here
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[proposal.options.first().pk, 1]])
    assert "Have your say in a vote" not in client.get(page).content.decode()
    client.force_login(people.organiser)
    assert f"/projects/{people.project.pk}/decisions/new/" in client.get(page).content.decode()
    outsider = project_access(people.outsider, people.project)
    assert selectors.project_panel_data(project=people.project, access=outsider, user=people.outsider) is None


def test_the_log_shows_fifty_decisions_a_page_and_the_csv_has_them_all(client, people):
    Proposal.objects.bulk_create(
        [
            Proposal(project=people.project, number=n, question=f"Question number {n}?", closes_at=later())
            for n in range(1, 52)
        ]
    )
    client.force_login(people.partner)
    url = reverse("decisions:log", args=[people.project.pk])
    first = client.get(url).content.decode()
    assert "Question number 51?" in first and "Question number 2?" in first and "Question number 1?" not in first
    assert "Older decisions" in first and "Newer decisions" not in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert "Question number 1?" in second and "Newer decisions" in second and "Older decisions" not in second
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert len(rows) == 52


def test_the_health_check_reads_decisions_and_round_tables_from_one_selector(people, django_assert_num_queries):
    carried = make_proposal(people, kind="one")
    evenings, saturdays, _ = carried.options.all()
    services.vote_cast(actor=people.partner, proposal=carried, choice=[[evenings.pk, 1]])
    for person in (people.organiser, people.admin):
        services.vote_cast(actor=person, proposal=carried, choice=[[saturdays.pk, 1]])
    services.proposal_close(actor=people.organiser, proposal=carried, outcome="Saturdays.")
    with django_assert_num_queries(3):
        evidence = selectors.health_evidence(people.project)
    assert evidence["decisions"]["carried_against_partners"] == 1
    assert evidence["decisions"]["share_with_partners_voting"] == 1.0
    assert evidence["round_tables"]["partners_present"] == 0 and evidence["round_tables"]["spoke_share"] is None
