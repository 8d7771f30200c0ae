"""Ground rules: any member suggests one; the project agrees it by a vote or the organiser after a board;
agreed rules show on the project and meeting pages and in call scripts; a broken rule is reported privately."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from roundtable.decisions import services as decisions
from roundtable.decisions.models import Option
from roundtable.feedback import boards
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.channels.phone import call_script_for
from roundtable.notifications.models import Message
from roundtable.notifications.services import message_queue
from roundtable.safety import services
from roundtable.safety.models import BreachReport, GroundRule
from roundtable.safety.tests.conftest import EVIL, NOW

pytestmark = pytest.mark.django_db


def _board(people):
    return boards.board_create(actor=people.organiser, project=people.project, title="Our rules", anonymity="named")


def test_a_member_suggests_a_rule_and_the_organiser_agrees_it_after_a_board(client, people):
    client.force_login(people.partner)
    url = reverse("safety:ground_rules", args=[people.project.pk])
    assert client.post(url, {"text": "We listen without talking over " + EVIL}).status_code == 302
    rule = GroundRule.objects.get()
    assert (rule.state, rule.proposed_by) == ("proposed", people.partner)
    board = _board(people)
    client.force_login(people.organiser)
    agree = reverse("safety:rule_agree", args=[people.project.pk, rule.pk])
    assert client.post(agree, {"board": board.pk}).status_code == 302
    rule.refresh_from_db()
    assert (rule.state, rule.agreed_how, rule.board, rule.agreed_by) == ("agreed", "organiser", board, people.organiser)
    client.force_login(people.joe)
    html = client.get(url).content.decode()
    assert "Agreed after people talked on the board" in html
    assert reverse("feedback:board", args=[people.project.pk, board.pk]) in html
    meeting = MeetingFactory(project=people.project, created_by=people.organiser)
    for page in (
        reverse("projects:project", args=[people.project.pk]),
        reverse("meetings:meeting", args=[people.project.pk, meeting.pk]),
    ):
        html = client.get(page).content.decode()
        assert "We listen without talking over" in html and EVIL not in html, page
        assert "You can pass on" in html


def test_the_meeting_page_shows_support_contacts_to_partners_and_a_link_to_organisers(client, people):
    from roundtable.projects.support import support_contact_create

    support_contact_create(
        actor=people.organiser, project=people.project, kind="safeguarding", name="Dr Ann Lee " + EVIL,
        email="safe@example.org",
    )  # fmt: skip
    meeting = MeetingFactory(project=people.project, created_by=people.organiser)
    url = reverse("meetings:meeting", args=[people.project.pk, meeting.pk])
    client.force_login(people.partner)
    html = client.get(url).content.decode()
    assert "Dr Ann Lee" in html and "mailto:safe@example.org" in html and "Safeguarding lead" in html
    assert EVIL not in html
    client.force_login(people.organiser)
    html = client.get(url).content.decode()
    assert "Manage support contacts" in html and "mailto:safe@example.org" not in html


def test_a_rule_agreed_by_a_vote(people, clock):
    rule = services.ground_rule_propose(actor=people.joe, project=people.project, text="Phones on silent")
    proposal = services.ground_rule_put_to_vote(actor=people.organiser, rule=rule)
    assert services.ground_rule_put_to_vote(actor=people.organiser, rule=rule) == proposal  # asked once
    assert Message.objects.filter(idempotency_key__startswith=f"proposal:{proposal.pk}:opened:").exists()
    agree = Option.objects.get(proposal=proposal, code="agree")
    for person in (people.partner, people.joe, people.organiser):
        decisions.vote_cast(actor=person, proposal=proposal, choice=[[agree.pk, 1]])
    assert services.ground_rules_settle() == 0  # still open
    clock.move_to(NOW + dt.timedelta(days=8))
    decisions.proposal_close(actor=people.organiser, proposal=proposal, outcome="We agree.")
    assert services.ground_rules_settle_due() == 1
    rule.refresh_from_db()
    assert (rule.state, rule.agreed_how) == ("agreed", "decision")


def test_a_block_stops_a_rule(people, clock):
    rule = services.ground_rule_propose(actor=people.joe, project=people.project, text="Cameras on")
    proposal = services.ground_rule_put_to_vote(actor=people.organiser, rule=rule)
    codes = {o.code: o.pk for o in Option.objects.filter(proposal=proposal)}
    decisions.vote_cast(actor=people.organiser, proposal=proposal, choice=[[codes["agree"], 1]])
    decisions.vote_cast(actor=people.joe, proposal=proposal, choice=[[codes["agree"], 1]])
    decisions.vote_cast(
        actor=people.partner, proposal=proposal, choice=[[codes["block"], 1]], reason="I cannot always be seen."
    )
    clock.move_to(NOW + dt.timedelta(days=8))
    decisions.proposal_close(actor=people.organiser, proposal=proposal, outcome="Blocked.")
    services.ground_rules_settle(project=people.project)
    rule.refresh_from_db()
    assert rule.state == "not_agreed"


def test_only_organisers_agree_and_only_after_a_board_of_this_project(people):
    rule = services.ground_rule_propose(actor=people.partner, project=people.project, text="Be kind")
    board = _board(people)
    with pytest.raises(PermissionDenied):
        services.ground_rule_agree_after_board(actor=people.partner, rule=rule, board=board)
    with pytest.raises(PermissionDenied):
        services.ground_rule_put_to_vote(actor=people.joe, rule=rule)
    with pytest.raises(PermissionDenied):
        services.ground_rule_propose(actor=people.outsider, project=people.project, text="Let me in")
    with pytest.raises(ValidationError):
        services.ground_rule_propose(actor=people.partner, project=people.project, text="   ")
    with pytest.raises(ValidationError):
        services.ground_rule_propose(actor=people.partner, project=people.project, text="x" * 301)


def test_a_breach_report_goes_to_the_organisers_only_and_the_page_says_so(client, people):
    client.force_login(people.partner)
    url = reverse("safety:report", args=[people.project.pk])
    html = client.get(url).content.decode()
    assert "Who will read this" in html and people.organiser.full_name in html and people.admin.full_name in html
    assert people.joe.full_name not in html
    assert client.post(url, {"what_happened": "Someone laughed at me " + EVIL}).status_code == 302
    report = BreachReport.objects.get()
    told = set(
        Message.objects.filter(idempotency_key__startswith=f"breach:{report.pk}:").values_list("recipient", flat=True)
    )
    assert told == {people.organiser.pk, people.admin.pk}
    assert not Message.objects.filter(idempotency_key__startswith="breach:", body__contains="laughed").exists()
    reports = reverse("safety:reports", args=[people.project.pk])
    assert client.get(reports).status_code == 403
    client.force_login(people.organiser)
    html = client.get(reports).content.decode()
    assert "Someone laughed at me" in html and EVIL not in html


def test_call_scripts_about_a_meeting_read_the_ground_rules(people):
    board = _board(people)
    rule = services.ground_rule_propose(actor=people.partner, project=people.project, text="One person talks at a time")
    services.ground_rule_agree_after_board(actor=people.organiser, rule=rule, board=board)
    meeting = MeetingFactory(project=people.project, created_by=people.organiser)
    about_meeting = message_queue(
        recipient=people.joe, subject="Meeting soon", body="See you Tuesday.", kind="test",
        idempotency_key=f"meeting:{meeting.pk}:reminder:{people.joe.pk}", organiser=people.organiser,
        group_label=people.project.title,
    )  # fmt: skip
    script = call_script_for([about_meeting])
    assert "rules we all agreed for the meeting" in script and "1. One person talks at a time." in script
    other = message_queue(recipient=people.joe, subject="Hi", body="Hello", kind="test", idempotency_key="x:1")
    assert "ground rules" not in call_script_for([other])
