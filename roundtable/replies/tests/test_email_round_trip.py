"""A real round trip: the worker emails an announcement to a real SMTP server, the person answers its
Reply-To, the raw answer is fed to ``roundtable inbound-email``, and it lands as feedback with the
organiser told. Then each kind of bad email."""

from __future__ import annotations

import io
import subprocess
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roundtable.feedback.models import Feedback
from roundtable.notifications.delivery import message_deliver
from roundtable.notifications.models import Message
from roundtable.projects.services import announcement_send
from roundtable.replies import addresses
from roundtable.replies.models import InboundReply
from roundtable.replies.tests.conftest import reply_to

ROOT = Path(__file__).resolve().parents[3]


def _announce(people, smtp) -> EmailMessage:
    """Tom's announcement, delivered by the worker's task to the real SMTP server; Amira's copy."""
    announcement = announcement_send(
        actor=people.organiser, project=people.project, subject="Our news <b>today</b>", body="Hello, here is our news."
    )
    message = Message.objects.get(idempotency_key=f"announcement:{announcement.pk}:{people.partner.pk}")
    message_deliver(message_id=message.pk)
    [email] = [e for e in smtp.emails if e["To"] == people.partner.email]
    return email


def _file(raw: bytes) -> None:
    """``manage.py inbound_email < raw`` (the command ``roundtable inbound-email`` runs)."""
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        call_command("inbound_email")
    finally:
        sys.stdin = stdin


def test_reply_by_email_lands_as_feedback_and_the_organiser_is_told(people, smtp, settings):
    email = _announce(people, smtp)
    reply_address = str(email["Reply-To"])
    assert reply_address.startswith("reply+") and reply_address.endswith("@replies.example.org")
    assert addresses.read_address(reply_address).state == "ok"

    _file(reply_to(email, "Yes please, <script>alert(1)</script> can we meet after 8pm?"))

    reply = InboundReply.objects.get()
    assert reply.status == InboundReply.Status.LANDED, reply.reason
    feedback = Feedback.objects.get()
    assert feedback.author == people.partner and feedback.channel == "email" and not feedback.by_proxy
    assert (
        feedback.text == "Yes please, <script>alert(1)</script> can we meet after 8pm?"
    )  # trimmed: no quote, no signature
    assert feedback.about.startswith("announcement:")
    told = Message.objects.get(idempotency_key=f"reply:inbound:{reply.pk}:lead")
    assert told.recipient == people.project.contact or told.recipient == people.project.created_by
    assert "can we meet after 8pm" in told.body


def test_the_roundtable_command_files_a_message_from_standard_input(people, smtp, tmp_path):
    """The real command in a subprocess: exit 0 and a line on standard output (against the test database
    it cannot see, so here: an empty message is refused with a reason on standard error, exit 65)."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "roundtable.cli", "inbound-email"],
        input=b"",
        capture_output=True,
        cwd=ROOT,
        env={"ROUNDTABLE_TESTING": "true", "PATH": "/usr/bin:/bin", "ROUNDTABLE_DATA_DIR": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 65, result.stderr
    assert b"No message on standard input" in result.stderr


def test_a_forged_address_is_kept_aside_and_the_sender_answered_once(people, smtp):
    email = _announce(people, smtp)
    address = str(email["Reply-To"])
    local, _at, domain = address.partition("@")
    forged = f"{local[:-6]}000000@{domain}"  # the signature's last six digits changed
    del email["Reply-To"]
    email["Reply-To"] = forged
    _file(reply_to(email, "Hello"))
    _file(reply_to(email, "Hello again"))
    rows = list(InboundReply.objects.order_by("id"))
    assert [r.reason for r in rows] == ["forged", "forged"]
    assert all(r.status == "quarantined" for r in rows)
    assert not Feedback.objects.exists()
    answers = Message.objects.filter(kind="reply_answer")
    assert answers.count() == 1  # one answer a week, however many arrive
    assert "To reach the project" in answers.get().body


def test_an_expired_address_is_kept_aside(people, smtp, clock, settings):
    email = _announce(people, smtp)
    clock.shift(settings.REPLY_ADDRESS_DAYS * 86400 + 60)
    _file(reply_to(email, "Late answer"))
    reply = InboundReply.objects.get()
    assert (reply.status, reply.reason) == ("quarantined", "expired")
    assert reply.organisation == people.organisation  # the admins can read it


def test_an_auto_reply_is_recognised_never_posted_never_answered(people, smtp):
    email = _announce(people, smtp)
    for header in ({"Auto-Submitted": "auto-replied"}, {"Precedence": "bulk"}, {"X-Autoreply": "yes"},
                   {"X-Auto-Response-Suppress": "All"}, {"Precedence": "auto_reply"}):  # fmt: skip
        _file(reply_to(email, "I am out of the office", headers=header))
    assert InboundReply.objects.filter(reason="auto_reply").count() == 5
    assert not Feedback.objects.exists()
    assert not Message.objects.filter(kind="reply_answer").exists()


def test_a_reply_from_someone_who_left_is_kept_aside(people, smtp):
    from roundtable.projects.services import membership_leave

    email = _announce(people, smtp)
    membership_leave(actor=people.partner, membership=people.project.memberships.get(user=people.partner), reason="")
    _file(reply_to(email, "Still here?"))
    reply = InboundReply.objects.get()
    assert (reply.status, reply.reason) == ("quarantined", "left")
    assert not Feedback.objects.exists()


def test_an_unknown_sender_is_kept_aside(people, smtp):
    email = _announce(people, smtp)
    _file(reply_to(email, "Who am I?", sender="stranger@example.net"))
    reply = InboundReply.objects.get()
    assert (reply.status, reply.reason) == ("quarantined", "wrong_sender")
    assert Message.objects.filter(kind="reply_answer", to_email="stranger@example.net").count() == 1


def test_a_huge_message_and_fifty_attachments_are_refused(people, smtp, settings):
    email = _announce(people, smtp)
    settings.INBOUND_MAX_BYTES = 20_000
    raw = reply_to(email, "x" * 30_000)
    with pytest.raises(CommandError, match="too big"):
        _file(raw)
    big = InboundReply.objects.get()
    assert big.reason == "too_big" and len(big.raw) < 20_000  # its headers are kept

    settings.INBOUND_MAX_BYTES = 10_000_000
    many = EmailMessage()
    many["From"] = people.partner.email
    many["To"] = str(email["Reply-To"])
    many["Subject"] = "Files"
    many["Message-ID"] = make_msgid()
    many.set_content("Here are my files")
    for n in range(50):
        many.add_attachment(b"%PDF-1.4 tiny", maintype="application", subtype="pdf", filename=f"f{n}.pdf")
    with pytest.raises(CommandError, match="too many attachments"):
        _file(many.as_bytes())
    assert not Feedback.objects.exists()


def test_html_with_script_is_kept_as_text_only(people, smtp):
    email = _announce(people, smtp)
    html = EmailMessage()
    html["From"] = people.partner.email
    html["To"] = str(email["Reply-To"])
    html["Subject"] = "Re: news"
    html["Message-ID"] = make_msgid()
    html.set_content("<p>Thank you</p><script>steal()</script><img src=x onerror=alert(1)>", subtype="html")
    _file(html.as_bytes())
    feedback = Feedback.objects.get()
    assert feedback.text == "Thank you"


def test_an_attachment_is_checked_like_a_meeting_paper(people, smtp):
    email = _announce(people, smtp)
    msg = EmailMessage()
    msg["From"] = people.partner.email
    msg["To"] = str(email["Reply-To"])
    msg["Subject"] = "Re: news"
    msg["Message-ID"] = make_msgid()
    msg.set_content("See attached")
    msg.add_attachment(b"MZ\x90\x00 a program", maintype="application", subtype="pdf", filename="notes.pdf")
    _file(msg.as_bytes())
    [attachment] = InboundReply.objects.get().attachments
    assert attachment["name"] == "notes.pdf" and attachment["ok"] is False


def test_the_roundtable_cli_files_a_reply_and_exits_0_or_65_with_the_reason(people, smtp, capsys):
    """``roundtable inbound-email`` itself (cli.main, in this process so it sees the test database)."""
    from roundtable.cli import main

    email = _announce(people, smtp)
    stdin = sys.stdin
    try:
        sys.stdin = io.TextIOWrapper(io.BytesIO(reply_to(email, "See you there")))
        assert main(["inbound-email"]) == 0
        many = EmailMessage()
        many["From"], many["To"], many["Subject"] = people.partner.email, str(email["Reply-To"]), "Files"
        many["Message-ID"] = make_msgid()
        many.set_content("Files")
        for n in range(50):
            many.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename=f"f{n}.pdf")
        sys.stdin = io.TextIOWrapper(io.BytesIO(many.as_bytes()))
        assert main(["inbound-email"]) == 65
    finally:
        sys.stdin = stdin
    assert "too many attachments" in capsys.readouterr().err
    assert Feedback.objects.get().text == "See you there"
    assert InboundReply.objects.count() == 2  # the refused one is kept too


def test_a_text_typed_at_the_command_line_lands_like_notifys(people, capsys):
    people.partner.profile.phone = "07700 900123"
    people.partner.profile.save()
    call_command("inbound_text", "Hello from my phone", "--from", "07700900123")
    reply = InboundReply.objects.get()
    assert (reply.channel, reply.person) == ("text", people.partner)


def test_a_target_that_refuses_the_author_leaves_the_reply_for_an_organiser_to_read(people, smtp):
    """As the conversation's target will when someone may not post (its service raises ValidationError)."""
    from django.core.exceptions import ValidationError

    from roundtable.replies import targets

    def refusing(object_id: int):
        def land(incoming):
            Feedback.objects.create(project=people.project, text="half done")
            raise ValidationError("You cannot post here.")

        return targets.Target(project=people.project, label="a closed topic", land=land)

    email = _announce(people, smtp)
    original = targets._targets["announcement"]
    targets.register_target("announcement", refusing)
    try:
        _file(reply_to(email, "Hello"))
    finally:
        targets.register_target("announcement", original)
    reply = InboundReply.objects.get()
    assert (reply.status, reply.reason) == ("to_read", "not_allowed")
    assert not Feedback.objects.exists()  # nothing half-landed
