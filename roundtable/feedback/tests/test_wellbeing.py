"""A low check-in answer shows support at once, and tells the organiser only on "yes" (issue 16).

"Feeling low" means the answer to "How are you feeling?" is 1 ("Bad") or 2 ("Not good") (wellbeing.LOW_FEELING).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.feedback import services, wellbeing
from roundtable.feedback.models import CheckInAnswer
from roundtable.feedback.tests.conftest import EVIL, evil
from roundtable.notifications.models import Message, OrganiserTask
from roundtable.projects.support import support_contact_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_check_in(people, past_meeting):
    support_contact_create(
        actor=people.organiser, project=people.project, kind="advice", name=evil("Carers UK Helpline"),
        helps_with="Advice for carers", phone="0808 808 7777", hours="Monday and Tuesday, 9am to 6pm",
    )  # fmt: skip
    return services.check_in_open(actor=people.organiser, meeting=past_meeting, days=7)


def _urls(people, past_meeting):
    args = [people.project.pk, past_meeting.pk]
    return reverse("feedback:check_in", args=args), reverse("feedback:check_in_support", args=args)


def _told_the_organiser() -> int:
    return Message.objects.filter(idempotency_key__contains=":get_in_touch:").count()


@pytest.mark.parametrize("feeling", ["1", "2"])
def test_a_low_answer_shows_support_at_once(client, people, past_meeting, open_check_in, feeling):
    check_in_url, support_url = _urls(people, past_meeting)
    client.force_login(people.partner)
    response = client.post(check_in_url, {"feeling": feeling, "heard": "4"})
    assert response.status_code == 302 and response["Location"] == support_url
    html = client.get(support_url).content.decode()
    assert "Carers UK Helpline" in html and "tel:+448088087777" in html and "Monday and Tuesday" in html
    assert EVIL not in html  # the contact's name is escaped
    assert "Would you like the organiser to get in touch with you?" in html
    assert _told_the_organiser() == 0  # nobody is told just because the answer was low


@pytest.mark.parametrize("feeling", ["3", "4", "5", "pass", ""])
def test_other_answers_do_not_lead_to_the_support_question(client, people, past_meeting, open_check_in, feeling):
    check_in_url, support_url = _urls(people, past_meeting)
    client.force_login(people.partner)
    response = client.post(check_in_url, {"feeling": feeling, "heard": "2"})  # a low "heard" is not "feeling low"
    assert response["Location"] == check_in_url
    assert client.get(support_url)["Location"] == check_in_url


def test_saying_no_tells_nobody(client, people, past_meeting, open_check_in):
    check_in_url, support_url = _urls(people, past_meeting)
    client.force_login(people.partner)
    client.post(check_in_url, {"feeling": "1"})
    before = (Message.objects.count(), OrganiserTask.objects.count(), AuditEvent.objects.count())
    response = client.post(support_url, {"get_in_touch": "no"})
    assert response.status_code == 302
    assert (Message.objects.count(), OrganiserTask.objects.count(), AuditEvent.objects.count()) == before
    assert _told_the_organiser() == 0


def test_not_answering_tells_nobody(client, people, past_meeting, open_check_in):
    check_in_url, support_url = _urls(people, past_meeting)
    client.force_login(people.partner)
    client.post(check_in_url, {"feeling": "2"})
    before = Message.objects.count()
    client.get(support_url)  # sees the question, then leaves the page
    response = client.post(support_url, {})  # or sends it without choosing
    assert response.status_code == 400 and "we will not tell anyone" in response.content.decode()
    assert Message.objects.count() == before and _told_the_organiser() == 0


def test_saying_yes_tells_the_organiser_once_and_only_them(client, people, past_meeting, open_check_in):
    check_in_url, support_url = _urls(people, past_meeting)
    client.force_login(people.partner)
    client.post(check_in_url, {"feeling": "1", "feeling_text": "A hard week"})
    client.post(support_url, {"get_in_touch": "yes"})
    answer = CheckInAnswer.objects.get(person=people.partner)
    wellbeing.check_in_get_in_touch(actor=people.partner, check_in=answer.check_in, wants_contact=True)  # again
    [message] = Message.objects.filter(idempotency_key__contains=":get_in_touch:")
    assert message.recipient == people.project.contact or message.recipient == people.project.created_by
    assert people.partner.full_name in message.subject
    assert "A hard week" not in message.body  # what they wrote stays in the check-in, not in the message
    assert message.urgent


def test_only_someone_whose_own_answer_is_low_can_ask(people, past_meeting, open_check_in):
    from django.core.exceptions import ValidationError

    services.check_in_answer(actor=people.joe, check_in=open_check_in, person=people.joe, data={"feeling": "4"})
    with pytest.raises(ValidationError):
        wellbeing.check_in_get_in_touch(actor=people.joe, check_in=open_check_in, wants_contact=True)
    assert _told_the_organiser() == 0
