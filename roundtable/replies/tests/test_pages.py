"""The organisation's replies page, typing in a reply by proxy, the member's anonymous form page, and the
permission table for every replies URL × every role (core/tests/url_tables.py reads ``TABLE``)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from roundtable.audit.models import AuditEvent
from roundtable.feedback.models import Feedback
from roundtable.notifications.models import Message
from roundtable.projects.services import announcement_send
from roundtable.replies.models import InboundReply, ReplyFile
from roundtable.replies.services import reply_file_text

ROLES = ["admin", "organiser", "finance", "partner", "professional", "outsider", "anonymous"]

# name -> (method, args, statuses in ROLES order). Outsiders and members who are not staff: 404.
TABLE: dict[str, tuple] = {
    "replies:org_replies": ("get", lambda w: [w.organisation.slug], [200, 200, 403, 404, 404, 404, 302]),
    # The old address of /tasks/letters/replies/: staff who organise are sent there.
    "replies:reply_enter": ("get", lambda w: [w.organisation.slug], [302, 302, 403, 404, 404, 404, 302]),
    "replies:reply_read": (
        "post", lambda w: [w.organisation.slug, w.to_read.pk], [302, 302, 403, 404, 404, 404, 302],
    ),
    # A file kept with a reply: the organisation's organisers only.
    "replies:reply_file": (
        "get", lambda w: [w.organisation.slug, w.to_read.pk, w.kept.pk], [200, 200, 403, 404, 404, 404, 302],
    ),
    # Machines, not people: no token or signature, refused alike for everyone.
    "replies:notify_received_text": ("post", lambda w: [], [403, 403, 403, 403, 403, 403, 403]),
}  # fmt: skip
# django-anymail's inbound webhooks: without the provider's keys set here, 404; with them, a call without
# the provider's signature is 400 (test_webhooks.py). Signed-in or not makes no difference.
ANYMAIL_INBOUND = [
    "anymail:amazon_ses_inbound_webhook",
    "anymail:brevo_inbound_webhook",
    "anymail:mailersend_inbound_webhook",
    "anymail:mailgun_inbound_webhook",
    "anymail:mailjet_inbound_webhook",
    "anymail:mailtrap_inbound_webhook",
    "anymail:postal_inbound_webhook",
    "anymail:postmark_inbound_webhook",
    "anymail:resend_inbound_webhook",
    "anymail:sendgrid_inbound_webhook",
    "anymail:sparkpost_inbound_webhook",
]


@pytest.fixture
def world(people):
    people.partner.profile.phone = "07700 900123"
    people.partner.profile.save()
    announcement_send(actor=people.organiser, project=people.project, subject="News", body="Our news.")
    message = Message.objects.get(recipient=people.partner, idempotency_key__startswith="announcement:")
    people.message = message
    # A text from Amira that answers nothing we sent by text: for an organiser to read.
    people.to_read = reply_file_text(provider_id="t1", source_number="07700900123", text="<script>x()</script>Hi")
    people.to_read.organisation = people.organisation
    people.to_read.save()
    people.kept = ReplyFile.objects.create(
        reply=people.to_read, name="notes.pdf", content_type="application/pdf", size=8,
        file=ContentFile(b"%PDF-1.7", name="notes.pdf"),
    )  # fmt: skip
    return people


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_every_role(client, world, name, role):
    method, args, statuses = TABLE[name]
    if role != "anonymous":
        client.force_login(getattr(world, role))
    url = reverse(name, args=args(world))
    response = client.get(url) if method == "get" else client.post(url)
    assert response.status_code == statuses[ROLES.index(role)], (name, role)


@pytest.mark.parametrize("name", ANYMAIL_INBOUND)
def test_anymail_inbound_webhooks_refuse_unsigned_calls(client, world, name, settings):
    settings.ANYMAIL = {}
    client.force_login(world.admin)
    assert client.post(reverse(name)).status_code in (400, 404)
    assert not InboundReply.objects.exclude(pk=world.to_read.pk).exists()


def test_the_replies_page_shows_what_to_read_escaped(client, world):
    client.force_login(world.organiser)
    page = client.get(reverse("replies:org_replies", args=[world.organisation.slug])).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;Hi" in page and "<script>x()" not in page
    client.post(reverse("replies:reply_read", args=[world.organisation.slug, world.to_read.pk]))
    world.to_read.refresh_from_db()
    assert world.to_read.read_by == world.organiser


def test_an_organiser_types_in_joes_phone_reply_by_proxy(client, world):
    from roundtable.notifications.letter_parts import letter_reference

    client.force_login(world.organiser)
    url = reverse("notifications:reply_slip")  # the one page for letters and calls
    old = reverse("replies:reply_enter", args=[world.organisation.slug])
    reference = letter_reference(world.message.pk)
    assert client.get(old, {"reference": reference})["Location"] == f"{url}?reference={reference}"
    assert client.get(old)["Location"] == url
    page = client.get(url, {"reference": reference})
    assert page.status_code == 200 and 'name="text"' in page.content.decode()
    assert client.get(url, {"reference": "RT99999"}).status_code == 400
    bad = client.post(url, {"reference": reference, "channel": "phone", "text": ""})
    assert bad.status_code == 400 and "Type what they said" in bad.content.decode()
    response = client.post(url, {"reference": reference, "channel": "phone", "text": "She said evenings suit her."})
    assert response["Location"] == reverse("replies:org_replies", args=[world.organisation.slug])
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.channel, feedback.by_proxy, feedback.entered_by) == (
        world.partner, "phone", True, world.organiser,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="reply.entered_by_proxy", by_proxy=True).exists()
    page = client.get(reverse("feedback:feedback", args=[world.project.pk])).content.decode()
    assert "typed in by an organiser" in page
    # A form opened at the old address before still files its reply.
    again = client.post(old, {"reference": reference, "channel": "post", "text": "And by letter: yes."})
    assert again.status_code == 302 and Feedback.objects.count() == 2


def test_the_one_page_finds_only_messages_of_organisations_you_organise(client, world):
    from roundtable.notifications.letter_parts import letter_reference

    url = reverse("notifications:reply_slip")
    reference = letter_reference(world.message.pk)
    for who in ("finance", "partner", "outsider"):
        client.force_login(getattr(world, who))
        response = client.get(url, {"reference": reference})
        assert response.status_code in (400, 404) and 'name="text"' not in response.content.decode()
        assert client.post(url, {"reference": reference, "channel": "phone", "text": "x"}).status_code in (400, 404)
    assert not Feedback.objects.exists()


def test_a_partner_can_reach_the_anonymous_form_and_is_told_who_reads_it(client, world):
    from roundtable.feedback.services import feedback_link_get

    client.force_login(world.partner)
    page = client.get(reverse("feedback:feedback", args=[world.project.pk]))
    assert page.status_code == 200 and "Ask the project team to open it" in page.content.decode()
    link = feedback_link_get(actor=world.organiser, project=world.project)
    page = client.get(reverse("feedback:feedback", args=[world.project.pk])).content.decode()
    assert reverse("feedback:say", args=[link.token]) in page and "Who reads it" in page
    form = client.get(reverse("feedback:say", args=[link.token])).content.decode()
    assert "Who reads it" in form


def test_the_replies_page_costs_the_same_queries_for_1_or_60_replies(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.organiser)
    url = reverse("replies:org_replies", args=[world.organisation.slug])
    client.get(url)  # warm per-process caches

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(60):
        reply = reply_file_text(provider_id=f"many-{n}", source_number=f"0770090{n:04d}", text=f"Reply {n}")
        reply.organisation = world.organisation
        reply.save()
    assert count() == few == 9  # the same for 60 replies as for 1: session, user, roles, three lists, files...
