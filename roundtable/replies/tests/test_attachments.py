"""Files sent with an emailed reply (issue 17: "attachments are checked like other uploads"): a real .eml
file read by ``roundtable inbound-email`` (``cli.main``, in this process so it sees the test database). Files
that pass the meeting papers' checks (name's ending and first bytes, ``meetings.uploads``) are kept with the
reply for organisers to download; the rest are not kept and the sender is told once, in plain words."""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.utils import make_msgid

from django.urls import reverse

from roundtable.cli import main
from roundtable.feedback.models import Feedback
from roundtable.notifications.models import Message
from roundtable.projects.models import Organisation
from roundtable.projects.tests.factories import OrganisationFactory, StaffMembershipFactory
from roundtable.replies.models import InboundReply, ReplyFile
from roundtable.replies.tests.test_email_round_trip import _announce

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _eml(tmp_path, email: EmailMessage, *, text: str = "Here is my letter from the school.") -> str:
    msg = EmailMessage()
    msg["From"] = str(email["To"])
    msg["To"] = str(email["Reply-To"])
    msg["Subject"] = "Re: " + str(email["Subject"])
    msg["Message-ID"] = make_msgid(domain="example.com")
    msg.set_content(text)
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="school letter.pdf")
    msg.add_attachment(b"MZ\x90\x00 a program", maintype="application", subtype="pdf", filename="notes.pdf")
    msg.add_attachment(b"#!/bin/sh\necho hi", maintype="text", subtype="x-sh", filename="run.sh")
    path = tmp_path / "reply.eml"
    path.write_bytes(msg.as_bytes())
    return str(path)


def _file_with_cli(path: str) -> int:
    stdin = sys.stdin
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            sys.stdin = handle
            return main(["inbound-email"])
    finally:
        sys.stdin = stdin


def test_a_checked_file_is_kept_with_the_reply_and_the_sender_told_about_the_others(people, smtp, tmp_path, client):
    email = _announce(people, smtp)
    path = _eml(tmp_path, email)
    assert _file_with_cli(path) == 0
    reply = InboundReply.objects.get()
    assert reply.status == InboundReply.Status.LANDED, reply.reason
    assert Feedback.objects.get().text == "Here is my letter from the school."
    [kept] = ReplyFile.objects.all()
    assert (kept.name, kept.content_type, kept.size) == ("school letter.pdf", "application/pdf", len(PDF))
    assert kept.file.read() == PDF and "school" not in kept.file.name  # the name never steers the path
    told = Message.objects.get(idempotency_key=f"reply:{reply.pk}:files-refused")
    assert told.recipient == people.partner
    assert "notes.pdf: This file does not look like a real .pdf file" in told.body
    assert "run.sh: The file must be a PDF" in told.body and "school letter.pdf" not in told.body
    # The same message again: one reply, one file, one message.
    assert _file_with_cli(path) == 0
    assert (InboundReply.objects.count(), ReplyFile.objects.count()) == (1, 1)
    assert Message.objects.filter(kind="reply_files_refused").count() == 1

    organisation = people.project.organisation
    client.force_login(people.organiser)
    page = client.get(reverse("replies:org_replies", args=[organisation.slug])).content.decode()
    url = reverse("replies:reply_file", args=[organisation.slug, reply.pk, kept.pk])
    assert url in page and "notes.pdf: not kept." in page
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"
    for who in (people.partner, people.finance, people.outsider):
        client.force_login(who)
        assert client.get(url).status_code in (403, 404)
    other = OrganisationFactory()
    StaffMembershipFactory(organisation=other, user=people.outsider, role="organiser")
    client.force_login(people.outsider)
    assert client.get(reverse("replies:reply_file", args=[other.slug, reply.pk, kept.pk])).status_code == 404
    assert Organisation.objects.count() >= 2


def test_files_from_an_unknown_sender_are_never_stored(people, smtp, tmp_path):
    email = _announce(people, smtp)
    raw = open(_eml(tmp_path, email), "rb").read().replace(people.partner.email.encode(), b"someone@example.net")
    path = tmp_path / "stranger.eml"
    path.write_bytes(raw)
    assert _file_with_cli(str(path)) == 0
    reply = InboundReply.objects.get()
    assert reply.status == InboundReply.Status.QUARANTINED
    assert not ReplyFile.objects.exists() and len(reply.attachments) == 3


def test_a_kept_file_goes_from_storage_with_its_reply(people, smtp, tmp_path):
    email = _announce(people, smtp)
    assert _file_with_cli(_eml(tmp_path, email)) == 0
    kept = ReplyFile.objects.get()
    storage, name = kept.file.storage, kept.file.name
    assert storage.exists(name)
    InboundReply.objects.all().delete()
    assert not ReplyFile.objects.exists() and not storage.exists(name)
