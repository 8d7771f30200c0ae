"""The health check for members who do not use the web: the same truth partners see on the project's
health page, in plain words, as a letter (Grace) or a short script an organiser reads out on the phone
(Joe). docs/health.md, "For members who do not use the web".

Nothing personal: each sign's plain subtitle, its rating and the finding partners see on the page
(counts and shares, never names); no next steps, which are the staff's to take. Writes in
``health_summary_send``: one message per member who does not use the web, through the outbox, so each
is reached their way (a letter to post, or a call for an organiser to make).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.health.models import Rating
from roundtable.health.selectors import measure_project
from roundtable.lib.dates import zone
from roundtable.lib.urls import absolute_url
from roundtable.projects.models import Membership, Project


def _line(number: int, plain: str, rating: str) -> str:
    return f"{number}. {plain}: {Rating(rating).label}."


def letter_text(project: Project, *, as_of: dt.datetime | None = None) -> str:
    """The health check in words for a letter: what it is, then each sign's plain subtitle, rating and
    finding (what partners see on the page), one paragraph each. Queries: the signs' own."""
    found = measure_project(project, as_of=as_of)
    counts = Counter(finding.rating for _sign, finding in found)
    parts = [
        _(
            "This is the health check of %(project)s. It shows if partners are treated as equals. We look at "
            "ten signs that people are asked to take part just for show. We check each one from what "
            "really happened."
        )
        % {"project": project.title},
        _("%(risk)s at risk. %(attention)s need care. %(good)s good. %(none)s not enough to tell yet.")
        % {
            "risk": counts[Rating.AT_RISK],
            "attention": counts[Rating.ATTENTION],
            "good": counts[Rating.GOOD],
            "none": counts[Rating.NOT_ENOUGH],
        },
    ]
    for sign, finding in found:
        parts.append(f"{_line(sign.number, str(sign.plain or sign.title), finding.rating)} {finding.summary}")
    parts.append(_("If you want to talk about any of this, phone or write to us."))
    return "\n\n".join(parts)


def call_script(project: Project, *, as_of: dt.datetime | None = None) -> str:
    """A short script to read out on the phone: the counts, and only the signs at risk or needing care
    in plain words. Queries: the signs' own."""
    found = measure_project(project, as_of=as_of)
    worrying = [(sign, finding) for sign, finding in found if finding.rating in (Rating.AT_RISK, Rating.ATTENTION)]
    parts = [
        _(
            "Read this out. Hello, I am calling about the health check of %(project)s. It shows if partners "
            "are treated as equals. We look at ten signs."
        )
        % {"project": project.title},
    ]
    if worrying:
        parts.append(_("These signs need care:"))
        parts += [_line(sign.number, str(sign.plain or sign.title), finding.rating) for sign, finding in worrying]
    else:
        parts.append(_("No sign needs care right now."))
    parts.append(_("Ask if they have any questions, and note what they say."))
    return "\n\n".join(parts)


def members_without_web(project: Project) -> list[Membership]:
    """Active members of ``project`` who do not use the web (``User.uses_web`` False), with profiles. One query."""
    return list(
        Membership.objects.filter(project=project, status=Membership.Status.ACTIVE, user__uses_web=False)
        .select_related("user", "user__profile")
        .order_by("user__full_name", "pk")
    )


def by_phone(user) -> bool:
    """Whether a person is reached by a phone call rather than by a letter (their first of the two)."""
    channels = [
        c for c in (getattr(getattr(user, "profile", None), "channels", None) or []) if c in ("phone", "letter")
    ]
    return bool(channels) and channels[0] == "phone"


@transaction.atomic
def health_summary_send(*, actor, project: Project, as_of: dt.datetime | None = None) -> int:
    """Queue the health check to every active member of ``project`` who does not use the web: a letter
    (``letter_text``) or, for someone reached by phone, a call script (``call_script``). Returns how many
    were queued. Idempotent for a London day: the key is ``health:summary:<project>:<day>:<person>``, so
    pressing the button twice sends once. Audited. The caller checks that ``actor`` may.
    """
    from roundtable.notifications.services import message_queue
    from roundtable.notifications.withdraw import project_scope

    as_of = as_of or timezone.now()
    day = as_of.astimezone(zone()).date().isoformat()
    people = members_without_web(project)
    if not people:
        return 0
    letter = call = ""
    subject = _("How %(project)s is going: our health check") % {"project": project.title}
    for membership in people:
        phone = by_phone(membership.user)
        if phone and not call:
            call = call_script(project, as_of=as_of)
        if not phone and not letter:
            letter = letter_text(project, as_of=as_of)
        message_queue(
            recipient=membership.user,
            subject=subject,
            body=call if phone else letter,
            kind="health_summary",
            idempotency_key=f"health:summary:{project.pk}:{day}:{membership.user_id}",
            sender=actor,
            organiser=actor,
            organisation_id=project.organisation_id,
            link_url=absolute_url(reverse("health:project", args=[project.pk])),
            link_text=_("Read the health check"),
            group_label=project.title,
            scope=project_scope(project.pk),
        )
    audit_record(
        actor=actor, obj=project, action="health.summary_sent", summary=project.title, details={"people": len(people)}
    )
    return len(people)
