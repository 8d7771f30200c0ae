"""``manage.py inbound_text --from 07700900461 "words"``: file a received text as GOV.UK Notify's callback
would, for the demo and for trying things out (the demo sends texts with the file backend, so nothing can
text back; this stands in for the phone). See docs/replies.md."""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError

from roundtable.replies.services import reply_file_text


class Command(BaseCommand):
    help = "File one received text message, as if GOV.UK Notify had called back with it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="source", required=True, help="The phone number it came from.")
        parser.add_argument("message", help="What the text said.")

    def handle(self, *args, **options) -> None:
        if not options["message"].strip():
            raise CommandError("The text is empty.", returncode=65)
        reply = reply_file_text(
            provider_id=f"manual-{uuid.uuid4()}", source_number=options["source"], text=options["message"]
        )
        self.stdout.write(
            f"Filed as reply {reply.pk}: {reply.status}{' (' + reply.reason + ')' if reply.reason else ''}."
        )
