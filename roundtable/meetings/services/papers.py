"""Papers: adding and removing them, and releasing them to everyone invited in their formats."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import in_language_of
from roundtable.meetings.models import (
    Meeting,
    Paper,
    PaperFormat,
    PaperRecipient,
)
from roundtable.meetings.notice import release_deadline
from roundtable.meetings.selectors import invitees
from roundtable.meetings.services.common import (
    meeting_url,
    papers_topic,
)
from roundtable.meetings.services.scheduling import (
    _meeting_words,
)
from roundtable.meetings.uploads import check_upload
from roundtable.notifications.services import message_queue, project_scope

# --- Papers --------------------------------------------------------------------------------------


@transaction.atomic
def paper_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    upload,
    summary: str = "",
    format: str = PaperFormat.STANDARD,
    version_of: Paper | None = None,
    content_note: str = "",
) -> Paper:
    """Store a paper for a meeting. It stays hidden from partners until it is released."""
    error, content_type = check_upload(upload)
    if error:
        raise ValidationError({"file": error})
    if version_of is not None and version_of.meeting_id != meeting.pk:
        raise ValidationError({"version_of": _("Choose a paper from this meeting.")})
    paper = Paper(
        project_id=meeting.project_id,
        meeting=meeting,
        title=title.strip() or upload.name,
        summary=summary.strip(),
        content_note=content_note.strip(),
        format=format,
        version_of=version_of,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    paper.file.save(upload.name, upload, save=False)
    try:
        paper.full_clean()
        paper.save()
    except Exception:
        paper.file.delete(save=False)
        raise
    audit_record(actor=actor, action="meeting.paper_added", obj=paper, summary=paper.title)
    return paper


@transaction.atomic
def paper_remove(*, actor: User, paper: Paper) -> None:
    """Remove a paper not yet sent to people, and its file once the transaction commits. Audited (on the
    meeting). Raises ValidationError when the paper has been released."""
    if paper.is_released:
        raise ValidationError(_("This paper has been sent to people, so it cannot be removed."))
    name = paper.file.name
    assert name is not None  # every paper has its file
    storage = paper.file.storage
    meeting, title = paper.meeting, paper.title
    paper.delete()
    audit_record(actor=actor, action="meeting.paper_removed", obj=meeting, summary=title)
    transaction.on_commit(lambda: storage.delete(name))


def _paper_line(paper: Paper) -> str:
    """One paper in the "papers are ready" message: its name and format, then what it is about.

    The summary goes in every copy, so someone who gets a letter or a phone call knows what each paper
    says. Another format of a paper repeats the summary only when it has its own.
    """
    label = str(paper.get_format_display())
    says_format = label.casefold() in paper.title.casefold()  # "Study outline (Easy Read)": say it once
    line = f"- {paper.title}" if says_format else f"- {paper.title} ({label})"
    summary = "\n".join(part.strip() for part in paper.summary.strip().splitlines() if part.strip())
    if summary and not (paper.version_of_id and paper.version_of and summary == paper.version_of.summary.strip()):
        line += "\n  " + summary.replace("\n", "\n  ")
    return line


@transaction.atomic
def papers_release(*, actor: User, meeting: Meeting, now: dt.datetime | None = None) -> list[Paper]:
    """Release every paper not released yet, and tell each invited person their way.

    The deadline in force at that moment is kept on each paper, and a paper released after it is
    marked late; each person's copy is recorded (PaperRecipient), so late papers can be counted per
    meeting and per person. Releasing twice sends nothing the second time.
    """
    now = now or timezone.now()
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("project").get(pk=meeting.pk)
    papers = list(
        Paper.objects.select_for_update(of=("self",))
        .filter(meeting=locked, released_at__isnull=True)
        .select_related("version_of")
        .order_by("id")
    )
    if not papers:
        return []
    people = invitees(locked.project)
    deadline = release_deadline(locked, people)
    late = now > deadline
    for paper in papers:
        paper.released_at = now
        paper.deadline_at = deadline
        paper.is_late = late
        paper.save(update_fields=["released_at", "deadline_at", "is_late"])
    PaperRecipient.objects.bulk_create(
        [
            PaperRecipient(project_id=locked.project_id, paper=paper, user=p.user, released_at=now, is_late=late)
            for paper in papers
            for p in people
        ],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action="meeting.papers_released",
        obj=locked,
        summary=f"{len(papers)} paper(s){' late' if late else ''}",
        details={"papers": [p.pk for p in papers], "late": late, "deadline": deadline.isoformat()},
    )
    for person in people:
        with in_language_of(person.user):
            titles = "\n".join(_paper_line(p) for p in papers)
            intro = _("The papers for %(title)s are ready to read:") % {"title": locked.title} + f"\n{titles}"
            if late:
                intro += "\n\n" + _("Sorry, these papers are later than we promised.")
            message_queue(
                recipient=person.user,
                sender=actor,
                organiser=locked.project.contact or actor,
                organisation_id=locked.project.organisation_id,
                kind="meeting_papers",
                subject=_("Papers for %(title)s") % {"title": locked.title},
                body=f"{intro}\n\n{_meeting_words(locked)}",
                link_url=meeting_url(locked),
                link_text=_("Read the papers"),
                group_label=locked.project.title,
                idempotency_key=f"meeting:{locked.pk}:papers:{papers[0].pk}:{person.user.pk}",
                topic=papers_topic(locked),
                scope=project_scope(locked.project_id),
                useful_until=locked.starts_at,
            )
    return papers
