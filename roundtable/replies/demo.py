"""This app's chapter of the demo story: answers to Tom's welcome in "Better sleep for autistic children".

* Amira answers the email by replying to it (its signed reply address), and sends a text back;
* Grace's answer comes by post and Joe's on the phone: Tom types both in, marked as by proxy;
* Amira answers an address older than REPLY_ADDRESS_DAYS, and a stranger writes to a reply address that
  was never ours: both kept aside in the quarantine, each sender answered once.

Each lands as feedback on the announcement (Tom is told), and shows on /organisations/<slug>/replies/.
"""

from __future__ import annotations

import time
from email.message import EmailMessage as RawEmail  # builds a raw email to file; sends nothing
from email.utils import make_msgid

from roundtable.accounts.models import User
from roundtable.lib.demo import DEMO_EMAIL_DOMAIN
from roundtable.notifications.delivery import message_deliver
from roundtable.notifications.models import Message
from roundtable.projects.models import Announcement, Project
from roundtable.replies import addresses, services
from roundtable.replies.models import InboundReply


def _person(key: str) -> User | None:
    return User.objects.filter(email=f"{key}{DEMO_EMAIL_DOMAIN}").first()


def _email(*, sender: str, to: str, subject: str, body: str) -> bytes:
    email = RawEmail()
    email["From"], email["To"], email["Subject"] = sender, to, subject
    email["Message-ID"] = make_msgid(domain="example.com")
    email.set_content(body)
    return email.as_bytes()


def load() -> None:
    amira, joe, tom = (_person(k) for k in ("amira", "joe", "tom"))
    grace = User.objects.filter(full_name="Grace Williams").first()
    sleep = Project.objects.filter(title="Better sleep for autistic children").first()
    welcome = Announcement.objects.filter(project=sleep, subject="Welcome, and our first meeting").first()
    if None in (amira, joe, tom, grace, sleep, welcome) or InboundReply.objects.exists():
        return
    assert amira and joe and tom and grace and welcome and amira.email  # all found above
    sent = {
        m.recipient_id: m for m in Message.objects.filter(idempotency_key__startswith=f"announcement:{welcome.pk}:")
    }

    # Amira: the email, answered from her mail program (quoted history and signature trimmed).
    to_amira = sent.get(amira.pk)
    if to_amira is not None:
        services.reply_file_email(
            raw=_email(
                sender=amira.email,
                to=addresses.reply_address(to_amira.pk),
                subject="Re: Welcome, and our first meeting",
                body="Thank you. 8pm is fine once my son is asleep. Will there be a break?\n\n-- \nAmira\n\n"
                "On Monday, Roundtable wrote:\n> Thank you for joining.",
            )
        )
        # And a text back (Notify's callback in production; the same service here). Her welcome went by
        # text if her phone is set up for it; then this answers it.
        message_deliver(message_id=to_amira.pk)
        services.reply_file_text(
            provider_id="demo-text-1", source_number="+447700900461", text="Can I join by phone if my son is unwell?"
        )
    # Grace: a letter back, typed in by Tom. Joe: what he said on the phone.
    for person, channel, words in (
        (grace, "post", "I would like the papers in large print, please. Afternoons are better for me."),
        (joe, "phone", "Joe says 8pm is fine. He asked for the papers in Easy Read and a call the day before."),
    ):
        message = sent.get(person.pk)
        if message is not None:
            services.reply_enter_by_proxy(actor=tom, message=message, text=words, channel=channel)
    # Amira again, answering an address from long ago (older than REPLY_ADDRESS_DAYS): kept aside for the
    # organisation's admins, and she is told once how to reach the project.
    if to_amira is not None:
        long_ago = int(time.time()) - 400 * 86400
        services.reply_file_email(
            raw=_email(
                sender=amira.email,
                to=addresses.reply_address(to_amira.pk, made=long_ago),
                subject="Re: an old message",
                body="Is the group still running?",
            )
        )
    # Someone we do not know, to a reply address we never made: kept aside, answered once.
    local, _at, domain = addresses.reply_address(999_999).partition("@")
    forged = f"{local.rsplit('.', 1)[0]}.{'0' * 24}@{domain}"  # the right shape, a signature we never made
    services.reply_file_email(
        raw=_email(
            sender="someone@example.net",
            to=forged,
            subject="Hello?",
            body="I found this address on an old letter. How do I join?",
        )
    )
