"""Reads for the organisation's replies page."""

from __future__ import annotations

from dataclasses import dataclass

from roundtable.replies.models import InboundReply, ReplyFile

PAGE = 50


@dataclass
class OrgReplies:
    to_read: list[InboundReply]
    quarantined: list[InboundReply]
    recent: list[InboundReply]


def org_replies(*, organisation_id: int) -> OrgReplies:
    """The organisation's replies: for an organiser to read (not yet read), kept aside or refused (latest
    50), and the latest 50 that landed, each with the files kept with it (``kept_files``). Four queries
    (three lists, and the files of all of them)."""
    base = InboundReply.objects.filter(organisation_id=organisation_id).select_related("person", "project")
    base = base.defer("raw")
    S = InboundReply.Status
    found = OrgReplies(
        to_read=list(base.filter(status=S.TO_READ, read_at__isnull=True)[:PAGE]),
        quarantined=list(base.filter(status__in=[S.QUARANTINED, S.REFUSED])[:PAGE]),
        recent=list(base.filter(status=S.LANDED)[:PAGE]),
    )
    rows = [*found.to_read, *found.quarantined, *found.recent]
    files: dict[int, list[ReplyFile]] = {}
    for kept in ReplyFile.objects.filter(reply_id__in=[r.pk for r in rows]).defer("created_at"):
        files.setdefault(kept.reply_id, []).append(kept)
    for row in rows:
        row.kept_files = files.get(row.pk, [])  # type: ignore[attr-defined]
    return found
