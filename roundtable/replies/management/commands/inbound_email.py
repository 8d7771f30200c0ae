"""``manage.py inbound_email < message.eml``: file one raw email from standard input (see docs/replies.md)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from roundtable.replies.services import max_bytes, reply_file_email


class Command(BaseCommand):
    help = "File one raw RFC 5322 email read from standard input (a mail server's pipe)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--recipient", action="append", default=[], help="The envelope recipient, if known.")

    def handle(self, *args, **options) -> None:
        stream = getattr(self, "_stdin", None) or sys.stdin.buffer
        raw = stream.read(max_bytes() + 1)
        if not raw.strip():
            raise CommandError("No message on standard input.", returncode=65)
        filed = reply_file_email(raw=raw, envelope_recipients=options["recipient"])
        if filed.refused:
            raise CommandError(f"Refused: {filed.reason} (kept as reply {filed.reply.pk}).", returncode=65)
        self.stdout.write(f"Filed as reply {filed.reply.pk}: {filed.reply.status}.")
