"""Grace votes by post: her letter carries the question, the options and a reply slip; Tom enters her vote from
the slip's reference. Joe is phoned. The opening, the closing reminder and the outcome reach everyone their way."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from roundtable.audit.models import AuditEvent
from roundtable.decisions import services
from roundtable.decisions.models import Ballot, HasVoted, Vote
from roundtable.decisions.tests.conftest import make_proposal, option
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.letters import _letter_html_context, content_for
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.notifications.services import message_deliver

# WeasyPrint warns that a later version will need HarfBuzz-Subset; the letters print the same today.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def _letter_for(grace, proposal):
    message = Message.objects.get(recipient=grace, idempotency_key=f"proposal:{proposal.pk}:opened:{grace.pk}")
    message_deliver(message_id=message.pk)
    return message, OrganiserTask.objects.get(message=message, kind="post")


def test_graces_letter_has_the_question_options_and_a_reply_slip_and_tom_enters_her_vote(client, people, grace):
    proposal = make_proposal(people, kind="one")
    message, task = _letter_for(grace, proposal)
    reference = letter_reference(message.pk)
    # The letter as it is printed (its HTML; the PDF is made from it), read without pdftotext.
    html = render_to_string(
        "notifications/pdf/letters.html",
        {"letters": [_letter_html_context(content_for(message))], "large_print": True},
    )
    text = " ".join(strip_tags(html).split())
    assert "Should we meet in the evening?" in text and "Reply slip" in text and reference in text
    assert "Tuesday evenings" in text and "Saturday mornings" in text and "Tick one box" in text
    assert task.assignee == people.organiser
    client.force_login(people.organiser)
    url = reverse("notifications:reply_slip")
    evenings, saturdays, _online = proposal.options.all()
    response = client.post(url, {"reference": reference, "chosen": [str(evenings.pk), str(saturdays.pk)]})
    assert response.status_code == 400 and "This question takes one tick" in response.content.decode()
    assert not Vote.objects.exists()
    response = client.post(url, {"reference": reference, "chosen": [str(saturdays.pk)], "comments": "Weekends."})
    assert response.status_code == 302
    vote = Vote.objects.get(person=grace)
    assert (vote.channel, vote.taken_by, vote.choice, vote.reason) == ("post", people.organiser, [[saturdays.pk, 1]],
                                                                       "Weekends.")  # fmt: skip
    assert AuditEvent.objects.filter(action="letter.reply_recorded", subject=grace, by_proxy=True).exists()


def test_an_anonymous_reply_slip_keeps_the_answer_out_of_the_audit(client, people, grace):
    proposal = make_proposal(people, anonymous=True)
    message, _task = _letter_for(grace, proposal)
    client.force_login(people.organiser)
    agree = option(proposal, "agree")
    response = client.post(
        reverse("notifications:reply_slip"), {"reference": letter_reference(message.pk), "chosen": [str(agree.pk)]}
    )
    assert response.status_code == 302
    assert HasVoted.objects.get().channel == "post" and Ballot.objects.count() == 1
    for event in AuditEvent.objects.filter(subject=grace):
        assert str(agree.pk) not in str(event.details), event.action


def test_a_slip_after_closing_is_refused_with_a_clear_message(client, people, grace, clock):
    proposal = make_proposal(people)
    message, _task = _letter_for(grace, proposal)
    clock.move_to(proposal.closes_at)
    client.force_login(people.organiser)
    response = client.post(
        reverse("notifications:reply_slip"),
        {"reference": letter_reference(message.pk), "chosen": [str(option(proposal, "agree").pk)]},
    )
    assert response.status_code == 400 and "Voting on this proposal has closed" in response.content.decode()


def test_joe_who_prefers_phone_calls_gets_a_call_task_with_the_question(people):
    people.joe.profile.phone = "07700 900782"
    people.joe.profile.save()
    proposal = make_proposal(people)
    message = Message.objects.get(
        recipient=people.joe, idempotency_key=f"proposal:{proposal.pk}:opened:{people.joe.pk}"
    )
    message_deliver(message_id=message.pk)
    task = OrganiserTask.objects.get(message=message, kind="call")
    assert task.assignee == people.organiser
    message.refresh_from_db()
    assert "Should we meet in the evening?" in message.body


def test_everyone_who_could_vote_is_told_the_outcome_voted_or_not(people, grace):
    proposal = make_proposal(people)
    services.vote_cast(actor=people.partner, proposal=proposal, choice=[[option(proposal, "agree").pk, 1]])
    services.proposal_close(actor=people.organiser, proposal=proposal, outcome="We meet at 8pm.")
    told = set(Message.objects.filter(kind="decision_outcome").values_list("recipient_id", flat=True))
    assert {people.partner.pk, people.joe.pk, grace.pk, people.professional.pk} <= told
    assert people.finance.pk not in told and people.outsider.pk not in told
    opening = Message.objects.get(idempotency_key=f"proposal:{proposal.pk}:opened:{grace.pk}")
    assert opening.status == "withdrawn"  # her letter had not gone: not posted after the vote closed
