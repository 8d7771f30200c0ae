"""The decisions journey in a real browser, at phone and desktop width, with axe on every page.

Tom (organiser) raises a consent proposal on the project; Amira (partner) votes on her phone; Tom votes
too; he records Joe's vote, taken by phone, and Grace's, from the reference on her posted reply slip;
Tom closes the proposal and writes the outcome; everyone who could vote is told it their way (the outbox
has a message for each), and the decision log shows the partners' view beside the result.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roundtable.accounts.tests.factories import person
from roundtable.decisions.models import Proposal, Vote
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.models import Message
from roundtable.notifications.services import message_deliver
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")]


@pytest.fixture
def cast(transactional_db):
    tom = person("tom@e2e.example", "Tom Reid", known_as="Tom", channels=["email"])
    amira = person("amira@e2e.example", "Amira Hassan", known_as="Amira", channels=["email"], naming="first_name")
    # Joe and Grace do not use the website: Joe by phone calls, Grace by letters in large print.
    joe = person(None, "Joe Bennett", known_as="Joe", uses_web=False, channels=["phone"], phone="07700 900782")
    grace = person(
        None, "Grace Williams", known_as="Grace", uses_web=False, channels=["letter"],
        postal_address="12 Elm Road\nLeeds\nLS1 1AA", formats=["large_print"],
    )  # fmt: skip
    org = OrganisationFactory(admin=tom, name="Northgate University", kind=Organisation.Kind.RESEARCH,
                              phone="0113 496 0000", postal_address="Hall Building\nNorthfield NF1 2AB")  # fmt: skip
    project = ProjectFactory(organisation=org, created_by=tom, title="Support at school")
    MembershipFactory(project=project, user=amira, invited_by=tom)
    for user in (joe, grace):
        MembershipFactory(project=project, user=user, invited_by=tom, joined="proxy")
    return tom, amira, joe, grace, project


def test_consent_proposal_by_web_phone_and_post_to_the_outcome(ui, cast):
    tom, amira, joe, grace, project = cast
    p = project.pk
    closes = timezone.localdate() + dt.timedelta(days=14)

    # 1. Tom raises a consent proposal: first with nothing filled in (clear messages), then properly.
    ui.sign_in(tom)
    ui.goto(f"/projects/{p}/decisions/")
    expect(ui.page.get_by_text("No decisions yet.")).to_be_visible()
    ui.page.get_by_role("link", name="Raise a proposal").click()
    ui.seen("proposal form")
    ui.page.get_by_role("button", name="Open the vote").click()
    ui.seen("proposal form errors", key=False)
    expect(ui.page.locator(".govuk-error-summary")).to_be_visible()
    ui.page.get_by_label("What are we deciding?").fill("Should our meetings move to Tuesday evenings?")
    ui.page.get_by_label("Background (optional)").fill("Most of us can only meet after 8pm, once the children sleep.")
    ui.page.get_by_label("Voting closes on").fill(closes.strftime("%d/%m/%Y"))
    ui.page.get_by_label("at", exact=True).fill("8pm")
    ui.page.get_by_role("button", name="Open the vote").click()
    ui.seen("proposal open")
    expect(ui.page.locator("h1")).to_have_text("Should our meetings move to Tuesday evenings?")
    proposal = Proposal.objects.get()
    assert proposal.kind == "consent" and proposal.is_open
    proposal_url = f"/projects/{p}/decisions/{proposal.number}/"

    # 2. Tom votes too (staff's side): he would rather not, but does not block.
    ui.page.get_by_role("radio", name="Disagree").check()
    ui.page.get_by_role("button", name="Send my vote").click()
    ui.seen("tom voted", key=False)
    expect(ui.page.get_by_text("Your vote is counted")).to_be_visible()
    ui.sign_out()

    # 3. Amira votes on her phone (the same page at her width), with a reason.
    ui.sign_in(amira)
    ui.goto(proposal_url)
    ui.page.get_by_role("radio", name="Agree", exact=True).check()
    ui.page.get_by_label("Why?", exact=False).fill("Evenings are the only time I can come.")
    ui.page.get_by_role("button", name="Send my vote").click()
    ui.seen("amira voted")
    expect(ui.page.get_by_text("Thank you. Your vote is counted.")).to_be_visible()
    ui.sign_out()

    # 4. Tom phones Joe and records his vote, marked as taken by phone.
    ui.sign_in(tom)
    ui.goto(proposal_url)
    ui.page.get_by_role("link", name="Record Joe Bennett's vote (phone or post)").click()
    ui.seen("record a vote")
    expect(ui.page.get_by_label("Whose vote is it?")).to_have_value(str(joe.pk))
    ui.page.get_by_role("radio", name="By phone").check()
    ui.page.get_by_role("radio", name="Agree", exact=True).check()
    ui.page.get_by_role("button", name="Save their vote").click()
    ui.seen("joe's vote saved", key=False)
    expect(ui.page.get_by_text("Joe Bennett's vote is saved, marked as taken by you.")).to_be_visible()
    joe_vote = Vote.objects.get(person=joe)
    assert (joe_vote.channel, joe_vote.taken_by) == ("phone", tom)

    # 5. Grace's letter went by post; her reply slip comes back and Tom enters it by its reference.
    opening = Message.objects.get(recipient=grace, idempotency_key=f"proposal:{proposal.pk}:opened:{grace.pk}")
    message_deliver(message_id=opening.pk)
    ui.page.get_by_role("link", name="Enter a reply slip from its reference").click()
    ui.seen("reply slip: find the letter", key=False)
    ui.page.get_by_label("Letter reference").fill(letter_reference(opening.pk))
    ui.page.get_by_role("button", name="Find the letter").click()
    ui.seen("reply slip: grace's ticks")
    abstain = proposal.options.get(code="abstain")
    ui.page.locator(f"input[name=chosen][value='{abstain.pk}']").check()
    ui.page.get_by_role("button", name="Save Grace Williams's answers").or_(
        ui.page.get_by_role("button", name="Save Grace's answers")
    ).click()
    ui.seen("reply slip saved", key=False)
    grace_vote = Vote.objects.get(person=grace)
    assert (grace_vote.channel, grace_vote.taken_by) == ("post", tom)

    # 6. The proposal page: the total, and beside it the partners' and staff's views; proxy votes show as such.
    ui.goto(proposal_url)
    results = ui.page.locator("table.rt-results")
    expect(results.get_by_role("columnheader", name="Partners")).to_be_visible()
    agree_row = results.locator("tbody tr").first  # consent's options in order: agree, abstain, disagree, block
    expect(agree_row.locator("th")).to_contain_text("Agree")
    expect(agree_row.locator("td")).to_have_text(["2", "2", "0"])
    expect(ui.page.get_by_text("4 of 4 people voted: 3 partners and 1 staff.")).to_be_visible()
    expect(ui.page.get_by_text("By phone, taken by Tom").first).to_be_visible()
    ui.screenshot("results before closing")

    # 7. Tom closes it and writes the outcome; everyone who could vote is told, their way.
    ui.page.get_by_role("link", name="Close it and write the outcome").click()
    ui.seen("close form")
    ui.page.get_by_label("What was decided and why").fill(
        "We will meet on Tuesday evenings at 8pm. Partners agreed, and nobody blocked."
    )
    ui.page.get_by_label("What happens next (optional)").fill("Tom books the room for next month.")
    ui.page.get_by_role("button", name="Close it and tell everyone").click()
    ui.seen("proposal closed")
    expect(ui.page.get_by_role("heading", name="What we decided")).to_be_visible()
    proposal.refresh_from_db()
    assert not proposal.is_open
    told = set(Message.objects.filter(kind="decision_outcome").values_list("recipient_id", flat=True))
    assert {amira.pk, joe.pk, grace.pk} <= told

    # 8. The decision log: the result, and beside it the partners' view.
    ui.goto(f"/projects/{p}/decisions/")
    ui.seen("decision log")
    entry = ui.page.locator(".rt-decision-log li").first
    expect(entry).to_contain_text("Should our meetings move to Tuesday evenings?")
    expect(entry.locator(".govuk-summary-list__row").filter(has_text="Votes")).to_contain_text(
        "4 in all, 3 from partners"
    )
    expect(entry.locator(".govuk-summary-list__row").filter(has_text="Result")).to_contain_text("Agree")
    expect(entry.locator(".govuk-summary-list__row").filter(has_text="Partners' view")).to_contain_text("Agree")
    expect(entry).to_contain_text("We will meet on Tuesday evenings at 8pm.")
