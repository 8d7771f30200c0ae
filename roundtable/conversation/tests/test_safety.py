"""Content notes and ground rules in the conversation (issue 17, "Content notes and ground rules from the
safe-space issue apply here too"; docs/safety.md)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.conversation import services
from roundtable.conversation.models import Report, Topic
from roundtable.feedback.tests.factories import BoardFactory
from roundtable.notifications.models import Message
from roundtable.safety import services as safety

NOTE = "Talks about a stay in hospital <b>"


@pytest.fixture
def rule(people):
    rule = safety.ground_rule_propose(actor=people.partner, project=people.project, text="We listen <i>kindly</i>")
    board = BoardFactory(project=people.project, created_by=people.organiser)
    return safety.ground_rule_agree_after_board(actor=people.organiser, rule=rule, board=board)


def test_a_topic_with_a_content_note_opens_only_when_the_reader_chooses(client, people):
    client.force_login(people.partner)
    response = client.post(
        reverse("conversation:new", args=[people.project.pk]),
        {"title": "Hospital stays", "body": "What helped you on the ward?", "content_note": NOTE},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and topic.content_note == NOTE
    client.force_login(people.joe)
    url = reverse("conversation:topic", args=[people.project.pk, topic.number])
    gate = client.get(url).content.decode()
    assert "Content note" in gate and "Talks about a stay in hospital &lt;b&gt;" in gate
    assert "What helped you on the ward?" not in gate and 'href="?open=1"' in gate
    opened = client.get(url + "?open=1").content.decode()
    assert "What helped you on the ward?" in opened
    listing = client.get(reverse("conversation:topics", args=[people.project.pk])).content.decode()
    assert "Talks about a stay in hospital &lt;b&gt;" in listing
    told = Message.objects.get(recipient=people.joe, kind="conversation_topic")
    assert told.body.startswith("Content note: " + NOTE)


def test_a_reply_with_a_content_note_is_behind_it_and_a_long_note_is_refused_at_the_field(client, people, topic):
    client.force_login(people.joe)
    url = reverse("conversation:topic", args=[people.project.pk, topic.number])
    client.post(url, {"body": "My son was in for a month.", "content_note": "A child in hospital"})
    html = client.get(url + "?open=1").content.decode()
    note_at, words_at = html.index("A child in hospital"), html.index("My son was in for a month.")
    assert note_at < words_at and '<details class="govuk-details rt-content-note' in html
    too_long = client.post(url, {"body": "Kept", "content_note": "x" * 201})
    assert too_long.status_code == 400 and "Kept" in too_long.content.decode()
    with pytest.raises(ValidationError) as error:
        services.reply_post(topic=topic, author=people.joe, body="ok", content_note="y" * 201)
    assert "content_note" in error.value.message_dict


def test_ground_rules_show_on_the_conversation_and_a_report_can_name_one(client, people, topic, rule):
    reply = services.reply_post(topic=topic, author=people.joe, body="Rude words")
    client.force_login(people.partner)
    for page in (
        reverse("conversation:topics", args=[people.project.pk]),
        reverse("conversation:topic", args=[people.project.pk, topic.number]) + "?open=1",
        reverse("conversation:new", args=[people.project.pk]),
    ):
        html = client.get(page).content.decode()
        assert "We listen &lt;i&gt;kindly&lt;/i&gt;" in html
        assert reverse("safety:ground_rules", args=[people.project.pk]) in html
    report_url = reverse("conversation:report", args=[people.project.pk, topic.number, reply.pk])
    form = client.get(report_url).content.decode()
    assert f'value="{rule.pk}"' in form
    assert client.post(report_url, {"reason": "Unkind", "rule": "999"}).status_code == 400
    assert client.post(report_url, {"reason": "Unkind", "rule": str(rule.pk)}).status_code == 302
    report = Report.objects.get()
    assert report.rule == rule
    told = Message.objects.get(recipient=people.organiser, kind="conversation_report")
    assert "We listen <i>kindly</i>" in told.body


def test_a_rule_of_another_project_or_not_agreed_cannot_be_cited(people, topic):
    waiting = safety.ground_rule_propose(actor=people.partner, project=people.project, text="Not agreed yet")
    reply = services.reply_post(topic=topic, author=people.joe, body="Hm")
    with pytest.raises(ValidationError) as error:
        services.reply_report(actor=people.partner, reply=reply, reason="Why", rule_id=waiting.pk)
    assert "rule" in error.value.message_dict
    assert not Report.objects.exists()
