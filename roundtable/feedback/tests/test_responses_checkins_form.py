"""You said, we did (every input kind, every linked author told), check-ins, and the anonymous form."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback import boards, selectors, services
from roundtable.feedback.models import Anonymity, Barrier, CheckIn, CheckInAnswer, Feedback, Response
from roundtable.feedback.tests.conftest import EVIL, add_note, make_board, raise_barrier
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.notifications.models import Message


def test_every_input_kind_can_be_answered_and_authors_are_told(client, people, board, past_meeting):
    note = add_note(people, board)
    anon_board = make_board(people, anonymity=Anonymity.ANONYMOUS)
    anon_note = add_note(people, anon_board, who=people.joe, text="Nobody knows")
    theme = boards.theme_create(actor=people.organiser, board=board, title="Timing")
    joe_note = add_note(people, board, who=people.joe, text="Later please")
    boards.note_theme_set(actor=people.organiser, note=joe_note, theme=theme)
    barrier = raise_barrier(people)
    check_in = services.check_in_open(actor=people.organiser, meeting=past_meeting)
    answer = services.check_in_answer(
        actor=people.partner, check_in=check_in, person=people.partner, data={"heard": "4", "change_text": "Shorter"}
    )
    link = services.feedback_link_get(actor=people.organiser, project=people.project)
    feedback = services.feedback_submit(link=link, text="Anonymous words")
    client.force_login(people.organiser)
    url = reverse("feedback:response_new", args=[people.project.pk])
    assert "Later please" in client.get(url).content.decode()
    nothing = client.post(url, {"title": "t", "outcome": "changed", "what_we_did": "w"})
    assert nothing.status_code == 400 and "Choose at least one thing" in nothing.content.decode()
    wrong = client.post(url, {"title": "t", "outcome": "changed", "what_we_did": "w", "inputs": ["note:99999", "bad"]})
    assert wrong.status_code == 400
    inputs = [f"note:{note.pk}", f"note:{anon_note.pk}", f"theme:{theme.pk}", f"barrier:{barrier.pk}",
              f"answer:{answer.pk}", f"feedback:{feedback.pk}"]  # fmt: skip
    response = client.post(url, {"title": "Meetings move to 8pm " + EVIL, "outcome": "changed",
                                 "what_we_did": "From May, all meetings start at 8pm.", "inputs": inputs})  # fmt: skip
    assert response.status_code == 302
    r = Response.objects.get()
    assert r.links.count() == 6
    told = set(
        Message.objects.filter(idempotency_key__startswith=f"response:{r.pk}:").values_list("recipient", flat=True)
    )
    assert told == {people.partner.pk, people.joe.pk}  # Amira (note, answer); Joe (theme, barrier)
    barrier.refresh_from_db()
    assert barrier.status == Barrier.Status.RESPONDED  # a response answers an open barrier
    # The anonymous board shows it instead.
    client.force_login(people.joe)
    html = client.get(reverse("feedback:board", args=[people.project.pk, anon_board.pk])).content.decode()
    assert "We did" in html and "Meetings move to 8pm" in html and "<script>alert" not in html
    html = client.get(reverse("feedback:responses", args=[people.project.pk])).content.decode()
    assert "From May" in html and "Anonymous words" not in html and "<script>alert" not in html
    measures = selectors.listening_measures(project=people.project)
    assert measures["inputs"]["answered"] >= 6 and measures["average_time_to_answer"] is not None


def test_unanswered_inputs_are_listed_after_14_days(client, people, board):
    note = add_note(people, board, text="Old idea")
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        client.force_login(people.organiser)
        html = client.get(reverse("feedback:unanswered", args=[people.project.pk])).content.decode()
        assert "Old idea" in html
        services.response_create(actor=people.organiser, project=people.project, title="Done", outcome="could_not",
                                 what_we_did="No money for it.", inputs=[f"note:{note.pk}"])  # fmt: skip
        html = client.get(reverse("feedback:unanswered", args=[people.project.pk])).content.decode()
        assert "Old idea" not in html


def test_check_in_is_sent_answered_and_taken_by_phone(client, people, past_meeting):
    client.force_login(people.organiser)
    client.post(reverse("feedback:check_in_open", args=[people.project.pk, past_meeting.pk]), {"days": "5"})
    assert Message.objects.filter(idempotency_key__startswith="check_in:").count() == 3
    client.force_login(people.partner)
    url = reverse("feedback:check_in", args=[people.project.pk, past_meeting.pk])
    assert client.post(url, {}).status_code == 302  # nothing answered: the whole check-in is passed
    assert not CheckInAnswer.objects.filter(person=people.partner).exists()
    client.post(
        url,
        {"heard": "5", "papers_in_time": "2", "valued": "4", "feeling": "3", "change_text": "Papers earlier " + EVIL},
    )
    client.post(url, {"heard": "9"})  # not a choice: refused, nothing saved
    answer = CheckInAnswer.objects.get(person=people.partner)
    assert (answer.heard, answer.papers_in_time, answer.by_proxy) == (5, 2, False)
    client.force_login(people.organiser)
    proxy = reverse("feedback:check_in_for", args=[people.project.pk, past_meeting.pk, people.joe.pk])
    client.post(proxy, {"heard": "3", "feeling_text": "Said on the phone"})
    answer = CheckInAnswer.objects.get(person=people.joe)
    assert answer.by_proxy and answer.recorded_by == people.organiser
    html = client.get(url).content.decode()
    assert "taken by phone" in html and "<script>alert" not in html
    client.force_login(people.partner)
    assert client.get(proxy).status_code == 403


def test_future_meeting_cannot_open_a_check_in(client, people):
    start = timezone.now() + dt.timedelta(days=3)
    meeting = MeetingFactory(
        project=people.project, title="Soon", starts_at=start, ends_at=start + dt.timedelta(hours=1), notify=False
    )
    client.force_login(people.organiser)
    response = client.post(
        reverse("feedback:check_in_open", args=[people.project.pk, meeting.pk]), {"days": "5"}, follow=True
    )
    assert not CheckIn.objects.filter(meeting=meeting).exists()
    assert "You can open the check-in once the meeting has started." in response.content.decode()
    assert not Message.objects.filter(idempotency_key__startswith="check_in:").exists()


def test_anonymous_form_needs_no_sign_in_and_has_abuse_limits(client, people):
    cache.clear()
    link = services.feedback_link_get(actor=people.organiser, project=people.project)
    url = reverse("feedback:say", args=[link.token])
    assert "Anonymous: nobody, organisers included, can see who wrote this." in client.get(url).content.decode()
    assert client.get(reverse("feedback:say", args=["not-the-token"])).status_code == 404
    assert client.post(url, {"text": "x" * 2001}).status_code == 400
    assert client.post(url, {"text": "Spam", "website": "http://spam.example"}).status_code == 200
    assert not Feedback.objects.filter(text="Spam").exists()  # the honeypot kept nothing
    for n in range(4):  # with the long one, that is 5 tries from this address in the hour
        assert client.post(url, {"text": f"Real {n} {EVIL}"}).status_code == 200
    assert client.post(url, {"text": "Too many"}).status_code == 429
    assert Feedback.objects.count() == 4
    assert Feedback.objects.first().created_at.minute == 0
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:feedback", args=[people.project.pk])).content.decode()
    assert "Real 0" in html and "<script>alert" not in html
    old = link.token
    client.post(reverse("feedback:feedback_link", args=[people.project.pk]), {"renew": "1"})
    client.logout()
    assert client.get(reverse("feedback:say", args=[old])).status_code == 404
