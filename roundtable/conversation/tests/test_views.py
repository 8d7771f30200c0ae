"""Conversation pages: the permission table, starting a topic and replying on the web, bad input kept at
the field, escaping, moderation (hide with a reason, report privately), the organisers-only setting, the
refresh fragment, and people who have left."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.conversation import services
from roundtable.conversation.models import Reply, Report, Topic
from roundtable.conversation.tests.factories import SCRIPT, ReplyFactory, TopicFactory
from roundtable.notifications.models import Message
from roundtable.projects import services as project_services
from roundtable.projects.models import Membership

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]
READ = dict(admin=200, organiser=200, finance=200, partner=200, professional=200, outsider=404, anonymous=302)
ORGANISE = dict(admin=200, organiser=200, finance=403, partner=403, professional=403, outsider=404, anonymous=302)

# (URL name, path with {p} the project, {n} the topic's number and {r} a reply, what each role gets)
PAGES = [
    ("conversation:topics", "/projects/{p}/conversation/", READ),
    ("conversation:new", "/projects/{p}/conversation/new/", READ),
    ("conversation:settings", "/projects/{p}/conversation/settings/", ORGANISE),
    ("conversation:topic", "/projects/{p}/conversation/{n}/", READ),
    ("conversation:since", "/projects/{p}/conversation/{n}/since/", READ),
    ("conversation:hide", "/projects/{p}/conversation/{n}/replies/{r}/hide/", ORGANISE),
    ("conversation:report", "/projects/{p}/conversation/{n}/replies/{r}/report/", READ),
]


def _args(path, people, topic, reply):
    args = [people.project.pk]
    if "{n}" in path:
        args.append(topic.number)
    if "{r}" in path:
        args.append(reply.pk)
    return args


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_permission_table(client, people, topic, name, path, expected):
    reply = ReplyFactory(topic=topic, author=people.organiser)
    url = path.format(p=people.project.pk, n=topic.number, r=reply.pk)
    assert reverse(name, args=_args(path, people, topic, reply)) == url
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(people, role))
        assert client.get(url).status_code == expected[role], (role, url)


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_someone_who_left_gets_404_everywhere_and_cannot_post(client, people, topic, name, path, expected):
    reply = ReplyFactory(topic=topic, author=people.organiser)
    membership = Membership.objects.get(project=people.project, user=people.professional)
    project_services.membership_leave(actor=people.professional, membership=membership)
    client.force_login(people.professional)
    url = path.format(p=people.project.pk, n=topic.number, r=reply.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Still here?", "title": "x", "reason": "x"}).status_code in (404, 405)
    with pytest.raises(services.ValidationError, match="Only people in this project"):
        services.reply_post(topic=topic, author=people.professional, body="Let me in")


def test_amira_starts_a_topic_and_tom_answers_and_html_is_escaped(client, people):
    client.force_login(people.partner)
    url = reverse("conversation:new", args=[people.project.pk])
    response = client.post(url, {"title": "", "body": "Can we meet later? " + SCRIPT})
    assert response.status_code == 400 and not Topic.objects.exists()
    html = response.content.decode()
    assert "Write a title for your topic." in html and "Can we meet later?" in html  # nothing typed is lost
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    response = client.post(url, {"title": "Evening meetings " + SCRIPT, "body": "Can we meet after 8pm?"})
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{people.project.pk}/conversation/1/"
    client.force_login(people.organiser)
    page = client.get(response["Location"]).content.decode()
    assert "Everyone in this project can read this, including staff." in page
    assert "<script>alert" not in page and "Evening meetings &lt;script&gt;" in page
    response = client.post(response["Location"], {"body": "Yes, from March. " + SCRIPT})
    reply = Reply.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?page=1#reply-{reply.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Yes, from March." in page and "<script>alert" not in page
    # Amira is told about Tom's answer, her way; everyone else was told about the new topic.
    assert Message.objects.filter(recipient=people.partner, kind="conversation_reply").count() == 1
    told = set(Message.objects.filter(kind="conversation_topic").values_list("recipient_id", flat=True))
    assert people.partner.pk not in told and {people.joe.pk, people.professional.pk, people.organiser.pk} <= told
    topic.refresh_from_db()
    assert topic.reply_count == 1


def test_an_empty_or_too_long_reply_is_said_at_the_field(client, people, topic):
    client.force_login(people.joe)
    url = reverse("conversation:topic", args=[people.project.pk, topic.number])
    response = client.post(url, {"body": "   "})
    assert response.status_code == 400 and "Write your reply." in response.content.decode()
    response = client.post(url, {"body": "x" * 4001})
    assert response.status_code == 400 and Reply.objects.count() == 0
    assert "x" * 4001 in response.content.decode()


def test_a_double_click_posts_one_reply(client, people, topic):
    client.force_login(people.joe)
    url = reverse("conversation:topic", args=[people.project.pk, topic.number])
    data = {"body": "Count me in", "once_key": "k" * 32}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302 and Reply.objects.count() == 1


def test_only_organisers_start_topics_when_the_project_says_so(client, people):
    client.force_login(people.partner)
    url = reverse("conversation:new", args=[people.project.pk])
    assert client.get(url).status_code == 200
    services.conversation_settings_set(
        actor=people.organiser, project=people.project, who_may_start="organisers", contact=people.organiser,
        answer_within_days=2,
    )  # fmt: skip
    assert client.get(url).status_code == 403
    page = client.get(reverse("conversation:topics", args=[people.project.pk])).content.decode()
    assert "Only the people running this project can start a topic" in page
    assert "We answer within 2 working days." in page
    with pytest.raises(services.ValidationError):
        services.topic_start(project=people.project, author=people.partner, title="Hi", body="Hello")
    client.force_login(people.organiser)
    assert client.get(url).status_code == 200


def test_the_settings_page_saves_and_keeps_bad_input(client, people):
    client.force_login(people.organiser)
    url = reverse("conversation:settings", args=[people.project.pk])
    response = client.post(url, {"who_may_start": "members", "contact": people.organiser.pk, "answer_within_days": 0})
    assert response.status_code == 400 and "from 1 to 30" in response.content.decode()
    response = client.post(url, {"who_may_start": "organisers", "contact": people.organiser.pk,
                                 "answer_within_days": 5})  # fmt: skip
    assert response.status_code == 302
    assert people.project.conversation_settings.answer_within_days == 5


def test_tom_hides_a_reply_and_the_author_is_told_why(client, people, topic):
    reply = ReplyFactory(topic=topic, author=people.joe, body="Something unkind")
    client.force_login(people.organiser)
    url = reverse("conversation:hide", args=[people.project.pk, topic.number, reply.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "It breaks our ground rule on kindness <b>x</b>"})
    assert response.status_code == 302
    told = Message.objects.get(recipient=people.joe, kind="conversation_hidden")
    assert "It breaks our ground rule" in told.body
    client.force_login(people.partner)
    page = client.get(reverse("conversation:topic", args=[people.project.pk, topic.number])).content.decode()
    assert f"Hidden by {people.organiser.full_name}: It breaks our ground rule on kindness &lt;b&gt;x&lt;/b&gt;" in page
    assert "Something unkind" not in page
    services.reply_hide(actor=people.organiser, reply=Reply.objects.get(pk=reply.pk), reason="Again")
    assert Message.objects.filter(kind="conversation_hidden").count() == 1


def test_anyone_reports_a_reply_privately_to_organisers(client, people, topic):
    reply = ReplyFactory(topic=topic, author=people.joe)
    client.force_login(people.professional)
    url = reverse("conversation:report", args=[people.project.pk, topic.number, reply.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "This names a child"}).status_code == 302
    assert Report.objects.get().reason == "This names a child"
    told = Message.objects.filter(kind="conversation_report")
    assert {m.recipient_id for m in told} == {people.organiser.pk, people.admin.pk}
    assert not told.filter(recipient__in=[people.joe, people.partner]).exists()
    services.reply_report(actor=people.professional, reply=reply, reason="Again")
    assert Report.objects.count() == 1


def test_the_refresh_fragment_gives_only_newer_replies(client, people, topic):
    first = ReplyFactory(topic=topic, author=people.joe, body="First")
    client.force_login(people.partner)
    page = client.get(reverse("conversation:topic", args=[people.project.pk, topic.number])).content.decode()
    assert 'aria-live="polite"' in page and f"since/?after={first.pk}" in page and "every 20s" in page
    ReplyFactory(topic=topic, author=people.organiser, body="Second <i>reply</i>")
    url = reverse("conversation:since", args=[people.project.pk, topic.number])
    html = client.get(url, {"after": first.pk}).content.decode()
    assert "Second &lt;i&gt;reply&lt;/i&gt;" in html and "First" not in html and "1 new reply" in html
    assert 'id="replies" data-hx-swap-oob="true">2 replies</h2>' in html
    assert client.get(url, {"after": 10**9}).content.decode().count("rt-reply") == 0


@pytest.mark.parametrize("after", ["²", "9" * 40, "-1", "1.5", ""])
def test_a_made_up_refresh_point_gives_every_reply_never_an_error(client, people, topic, after):
    ReplyFactory(topic=topic, author=people.joe, body="First")
    client.force_login(people.partner)
    response = client.get(reverse("conversation:since", args=[people.project.pk, topic.number]), {"after": after})
    assert response.status_code == 200 and "First" in response.content.decode()


def test_a_reply_by_proxy_shows_as_theirs_marked_as_typed_in(client, people, topic, grace):
    services.reply_post(topic=topic, author=grace, body="Yes, by post", channel="post", entered_by=people.organiser)
    with pytest.raises(services.ValidationError, match="which organiser"):
        services.reply_post(topic=topic, author=grace, body="No proxy", channel="phone")
    with pytest.raises(services.ValidationError, match="Only those who run it"):
        services.reply_post(topic=topic, author=grace, body="x", channel="phone", entered_by=people.partner)
    client.force_login(people.partner)
    page = client.get(reverse("conversation:topic", args=[people.project.pk, topic.number])).content.decode()
    assert grace.full_name in page and f"By post, typed in by {people.organiser.full_name}" in page


def test_the_project_page_links_to_the_conversation(client, people):
    client.force_login(people.partner)
    page = client.get(reverse("projects:project", args=[people.project.pk])).content.decode()
    assert reverse("conversation:topics", args=[people.project.pk]) in page


def test_topics_are_paged(client, people):
    for n in range(31):
        TopicFactory(project=people.project, started_by=people.organiser, title=f"Topic number {n}")
    client.force_login(people.partner)
    url = reverse("conversation:topics", args=[people.project.pk])
    first = client.get(url).content.decode()
    assert "Topic number 30" in first and "Topic number 0<" not in first and "?page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Topic number 0" in second and client.get(url, {"page": "x"}).status_code == 200
