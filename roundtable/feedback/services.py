"""Every write about barriers, check-ins, anonymous feedback and "you said, we did".

Board writes (notes, dots, themes, moderation) are in ``boards.py``. Functions are keyword-only,
named ``<thing>_<verb>``, run in one transaction, lock what they change and return early if the
change has already happened. Everything sent to a person goes through ``tell`` (the outbox), with
an idempotency key per event and person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.feedback.inputs import input_kind
from roundtable.feedback.models import (
    BARRIER_DAYS,
    INPUT_KINDS,
    SCALE_FIELDS,
    TEXT_MAX,
    Anonymity,
    Barrier,
    BarrierCategory,
    CheckIn,
    CheckInAnswer,
    Feedback,
    FeedbackLink,
    Note,
    Response,
    ResponseLink,
    Theme,
)
from roundtable.feedback.tell import project_lead, tell
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.i18n import day_words, in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.meetings.models import Meeting
from roundtable.projects.models import Invitation, Membership, Project

if TYPE_CHECKING:
    from roundtable.accounts.models import User

CHECK_IN_DAYS = 7


def _clean_text(text: str, *, field: str, limit: int = TEXT_MAX, required: bool = True) -> str:
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("Please write something here.")})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Please make this shorter: %(limit)s letters at most. It is %(n)s now.")
                % {"limit": limit, "n": len(text)}
            }  # fmt: skip
        )
    return text


# --- Barriers ----------------------------------------------------------------------------------


def _barrier_link(barrier: Barrier) -> str:
    return absolute_url(reverse("feedback:barrier", args=[barrier.project_id, barrier.pk]))


@transaction.atomic
def barrier_raise(
    *,
    actor: User,
    project: Project,
    category: str,
    description: str,
    shared: bool = False,
    person: User | None = None,
) -> Barrier:
    """A member names something that gets in the way. An organiser can raise one for a person (by proxy)."""
    person = person or actor
    if category not in BarrierCategory.values:
        raise ValidationError({"category": _("Choose what kind of barrier it is.")})
    barrier = Barrier(
        project=project,
        raised_by=person,
        raised_by_proxy=person.pk != actor.pk,
        category=category,
        description=_clean_text(description, field="description"),
        shared=shared,
        owner=project_lead(project),
        due_on=timezone.localdate() + timedelta(days=BARRIER_DAYS),
    )
    barrier.full_clean()
    barrier.save()
    audit_record(
        actor=actor, subject=person, obj=barrier, action="barrier.raised", by_proxy=barrier.raised_by_proxy,
        summary=barrier.get_category_display(),
    )  # fmt: skip
    with in_language_of(person):
        tell(
            person=person, project=project, key=f"barrier:{barrier.pk}:raised",
            subject=_("We have your barrier for %(project)s") % {"project": project.title},
            body=_("Thank you for telling us what gets in the way. We will answer by %(due)s.") % {
                "due": day_words(barrier.due_on)},
            link=_barrier_link(barrier), link_text=_("See your barrier"),
        )  # fmt: skip
    _tell_owner(barrier)
    return barrier


def _tell_owner(barrier: Barrier) -> None:
    if barrier.owner_id is None:
        return
    with in_language_of(barrier.owner):
        tell(
            person=barrier.owner, project=barrier.project, key=f"barrier:{barrier.pk}:owner:{barrier.owner_id}",
            subject=_("A barrier to answer in %(project)s") % {"project": barrier.project.title},
            body=_("%(kind)s. Please answer by %(due)s.") % {
                "kind": barrier.get_category_display(), "due": day_words(barrier.due_on)},
            link=_barrier_link(barrier), link_text=_("Answer the barrier"),
        )  # fmt: skip


@transaction.atomic
def barrier_assign(*, actor: User, barrier: Barrier, owner: User | None, due_on: date) -> Barrier:
    barrier = Barrier.objects.select_for_update(of=("self",)).select_related("project").get(pk=barrier.pk)
    if owner is not None and owner.pk == barrier.owner_id and due_on == barrier.due_on:
        return barrier
    barrier.owner, barrier.due_on = owner, due_on
    barrier.save(update_fields=["owner", "due_on"])
    audit_record(actor=actor, obj=barrier, action="barrier.assigned", summary=f"{owner} by {due_on}")
    _tell_owner(barrier)
    return barrier


CLOSING = {Barrier.Status.RESOLVED, Barrier.Status.NOT_POSSIBLE}


@transaction.atomic
def barrier_answer(*, actor: User, barrier: Barrier, status: str, response: str = "", reason: str = "") -> Barrier:
    """Move a barrier on: answered, sorted, or not possible (with a reason). The person is told each step."""
    barrier = Barrier.objects.select_for_update(of=("self",)).select_related("project", "raised_by").get(pk=barrier.pk)
    if status not in (Barrier.Status.RESPONDED, *CLOSING):
        raise ValidationError({"status": _("Choose what happens next.")})
    if barrier.status == status:
        return barrier  # already done: nobody is told twice
    if barrier.is_closed:
        raise ValidationError({"status": _("This barrier is closed already.")})
    response = _clean_text(response, field="response", required=status == Barrier.Status.RESPONDED)
    if status == Barrier.Status.NOT_POSSIBLE:
        barrier.reason = _clean_text(reason, field="reason")
    now = timezone.now()
    if response:
        barrier.response = response
    if barrier.responded_at is None:
        barrier.responded_at = now
    if status in CLOSING:
        barrier.closed_at = now
    barrier.status = status
    barrier.full_clean()
    barrier.save()
    audit_record(actor=actor, subject=barrier.raised_by, obj=barrier, action=f"barrier.{status}", summary=status)
    _tell_barrier_step(barrier, actor)
    return barrier


def _tell_barrier_step(barrier: Barrier, actor: User) -> None:
    project = barrier.project
    with in_language_of(barrier.raised_by):
        if barrier.status == Barrier.Status.RESPONDED:
            subject = _("We have answered your barrier")
            body = barrier.response
        elif barrier.status == Barrier.Status.RESOLVED:
            subject = _("Your barrier is sorted")
            body = barrier.response or _("We have sorted the barrier you told us about.")
        else:
            subject = _("We could not remove your barrier")
            body = _("We are sorry. This is why: %(reason)s") % {"reason": barrier.reason}
        tell(
            person=barrier.raised_by, project=project, key=f"barrier:{barrier.pk}:{barrier.status}", sender=actor,
            subject=f"{subject}: {project.title}", body=body, link=_barrier_link(barrier),
            link_text=_("See the answer"),
        )  # fmt: skip


# Words that suggest a kind of barrier, for the reasons people give when they say no or leave.
_GUESS = [
    (BarrierCategory.MEETING_TIMES, r"\b(time|times|evening|morning|pick.?up|school run|day|days|clash)\b"),
    (BarrierCategory.CARING, r"\b(child ?care|caring|carer|babysit|respite)\b"),
    (BarrierCategory.COSTS, r"\b(money|cost|costs|pay|paid|afford|expenses?|benefits?)\b"),
    (BarrierCategory.ACCESS, r"\b(access|wheelchair|step|disab\w*|hearing|autis\w*)\b"),
    (BarrierCategory.TECHNOLOGY, r"\b(internet|zoom|teams|laptop|computer|wifi|online)\b"),
    (BarrierCategory.LANGUAGE, r"\b(language|english|translat\w*|interpret\w*)\b"),
    (BarrierCategory.COMMUNICATION, r"\b(email|emails|letter|phone|jargon|papers?)\b"),
    (BarrierCategory.EMOTIONAL_SAFETY, r"\b(safe|upset|trauma\w*|judged|listened)\b"),
]


def guess_category(text: str) -> str:
    lowered = text.lower()
    for category, pattern in _GUESS:
        if re.search(pattern, lowered):
            return category
    return BarrierCategory.OTHER


def barriers_from_departures(*, project: Project | None = None) -> int:
    """Turn reasons for saying no to a role, or for leaving, into barriers. Safe to run as often as you like.

    Each source has a unique key (``invitation:<id>``, ``membership:<id>:<when they left>``), and the
    rows are inserted with ``ignore_conflicts``, so two workers at once still make one barrier each.
    Returns how many new barriers were made. Nobody is messaged: they have already left.
    """
    from roundtable.accounts.models import User

    invitations = Invitation.objects.filter(status=Invitation.Status.DECLINED, project__isnull=False).exclude(
        decline_reason=""
    )
    memberships = Membership.objects.filter(status=Membership.Status.LEFT, left_at__isnull=False).exclude(
        leave_reason=""
    )
    if project is not None:
        invitations, memberships = invitations.filter(project=project), memberships.filter(project=project)
    # First only the keys (light queries: the organisers' barrier list runs this on every visit), then the rows
    # of the departures that have no barrier yet.
    invitation_keys = {f"invitation:{pk}": pk for pk in invitations.values_list("pk", flat=True)}
    membership_keys = {
        f"membership:{pk}:{int(left_at.timestamp())}": pk
        for pk, left_at in memberships.values_list("pk", "left_at")
        if left_at is not None  # filtered above
    }
    keys = [*invitation_keys, *membership_keys]
    if not keys:
        return 0
    existing = set()
    for start in range(0, len(keys), 500):
        existing |= set(
            Barrier.objects.filter(source_key__in=keys[start : start + 500]).values_list("source_key", flat=True)
        )
    new_invitations = [pk for key, pk in invitation_keys.items() if key not in existing]
    new_memberships = [pk for key, pk in membership_keys.items() if key not in existing]
    if not new_invitations and not new_memberships:
        return 0
    new: list[Barrier] = []
    today = timezone.localdate()
    for start in range(0, len(new_invitations), 500):
        declined = invitations.filter(pk__in=new_invitations[start : start + 500])
        for inv in declined.select_related("project__contact", "project__created_by"):
            assert inv.project is not None  # filtered above
            new.append(Barrier(
                project=inv.project, source=Barrier.Source.DECLINED, source_key=f"invitation:{inv.pk}",
                raised_by=inv.accepted_by, category=guess_category(inv.decline_reason),
                description=inv.decline_reason[:TEXT_MAX], owner=project_lead(inv.project),
                created_at=inv.responded_at or timezone.now(), due_on=today + timedelta(days=BARRIER_DAYS),
            ))  # fmt: skip
    for start in range(0, len(new_memberships), 500):
        departed = memberships.filter(pk__in=new_memberships[start : start + 500])
        for m in departed.select_related("project__contact", "project__created_by"):
            assert m.left_at is not None  # filtered above
            new.append(Barrier(
                project=m.project, source=Barrier.Source.LEFT,
                source_key=f"membership:{m.pk}:{int(m.left_at.timestamp())}", raised_by_id=m.user_id,
                category=guess_category(m.leave_reason), description=m.leave_reason[:TEXT_MAX],
                owner=project_lead(m.project), created_at=m.left_at, due_on=today + timedelta(days=BARRIER_DAYS),
            ))  # fmt: skip
    # An invitation by email may belong to someone who has an account: link them if so.
    emails: dict[int, User | None] = {}
    if new:
        inv_ids = [int(str(c.source_key).split(":")[1]) for c in new if c.source == Barrier.Source.DECLINED]
        by_inv = dict(Invitation.objects.filter(pk__in=inv_ids).values_list("pk", "email"))
        users = {str(u.email).lower(): u for u in User.objects.filter(email__in=list(by_inv.values()))}
        emails = {k: users.get(v.lower()) for k, v in by_inv.items()}
        for c in new:
            if c.source == Barrier.Source.DECLINED and c.raised_by_id is None:
                c.raised_by = emails.get(int(str(c.source_key).split(":")[1]))
    with transaction.atomic():
        made = Barrier.objects.bulk_create(new, ignore_conflicts=True)
    return len(made)


# --- Check-ins ---------------------------------------------------------------------------------


@transaction.atomic
def check_in_open(*, actor: User | None, meeting: Meeting, days: int = CHECK_IN_DAYS) -> CheckIn:
    """Open the check-in for a meeting that has started, and ask every member their way. Idempotent.

    ``actor`` is None when the worker opens it (``check_ins_open_due``). Audited when it opens.
    """
    if not 1 <= days <= 60:
        raise ValidationError({"days": _("Choose between 1 and 60 days.")})
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    existing = CheckIn.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    now = timezone.now()
    if meeting.starts_at > now:
        raise ValidationError({"days": _("You can open the check-in once the meeting has started.")})
    check_in = CheckIn.objects.create(
        project_id=meeting.project_id, meeting=meeting, opens_at=now, closes_at=add_calendar_days(now, days),
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    project = meeting.project
    link = absolute_url(reverse("feedback:check_in", args=[project.pk, meeting.pk]))
    members = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).select_related(
        "user", "user__profile"
    )
    for membership in members:
        with in_language_of(membership.user):
            tell(
                person=membership.user, project=project, key=f"check_in:{check_in.pk}:user:{membership.user_id}",
                subject=_("How did %(meeting)s go for you?") % {"meeting": meeting.title},
                body=_(
                    "Please tell us how the meeting felt. It takes a few minutes. You can answer until %(date)s."
                ) % {"date": day_words(check_in.closes_at, year=False)},
                link=link, link_text=_("Answer the check-in"),
            )  # fmt: skip
    audit_record(actor=actor, obj=check_in, action="check_in.opened", summary=meeting.title, details={"days": days})
    return check_in


def check_ins_open_due() -> int:
    """For the worker: open the check-in of every meeting that ended in the last day and has none yet."""
    now = timezone.now()
    due = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, ends_at__lte=now, ends_at__gt=now - timedelta(days=1), check_in__isnull=True
    ).select_related("project")
    opened = 0
    for meeting in due:
        check_in_open(actor=None, meeting=meeting)
        opened += 1
    return opened


# Every five-point question: heard, papers in time, valued, feeling and the four "how it felt" ones.
SCALES = SCALE_FIELDS


@transaction.atomic
def check_in_answer(
    *, actor: User, check_in: CheckIn, person: User, data: Mapping[str, Any], by_proxy: bool = False
) -> CheckInAnswer:
    """Save a person's answers (again, if they change their mind). An organiser can record them from a phone call.

    ``data`` maps question names (``SCALES``: each "1" to "5", or empty or "pass" to skip it) and ``feeling_text``,
    ``change_text`` to what was given; at least one answer is needed. Raises ``ValidationError`` (closed,
    a number outside 1 to 5, text too long, nothing answered) and ``PermissionDenied`` when ``by_proxy``
    does not match whether ``actor`` is ``person``.
    """
    if not check_in.is_open:
        raise ValidationError(_("This check-in has closed."))
    if by_proxy != (actor.pk != person.pk):
        raise PermissionDenied
    values: dict[str, int | str | None] = {}
    for name in SCALES:
        value = data.get(name)
        if value in (None, "", "pass"):  # "pass": "I'd rather not say", the same as no answer
            values[name] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise ValidationError({name: _("Choose a number from 1 to 5.")})
        values[name] = value
    values["feeling_text"] = _clean_text(data.get("feeling_text", ""), field="feeling_text", required=False)
    values["change_text"] = _clean_text(data.get("change_text", ""), field="change_text", required=False)
    if not any(values.values()):
        raise ValidationError(_("Please answer at least one question."))
    answer, _created = CheckInAnswer.objects.select_for_update().update_or_create(
        check_in=check_in, person=person,
        defaults={**values, "project_id": check_in.project_id, "by_proxy": by_proxy,
                  "recorded_by": actor if by_proxy else None},
    )  # fmt: skip
    if by_proxy:
        audit_record(actor=actor, subject=person, obj=answer, action="check_in.answered", by_proxy=True)
    return answer


# --- Anonymous feedback ------------------------------------------------------------------------


@transaction.atomic
def feedback_link_get(*, actor: User, project: Project) -> FeedbackLink:
    link, created = FeedbackLink.objects.get_or_create(project=project)
    if created:
        audit_record(actor=actor, obj=project, action="feedback_link.made")
    return link


@transaction.atomic
def feedback_link_renew(*, actor: User, project: Project) -> FeedbackLink:
    """A new secret link; the old one stops working at once (for when it has been shared too widely)."""
    link = feedback_link_get(actor=actor, project=project)
    link = FeedbackLink.objects.select_for_update().get(pk=link.pk)
    link.token = FeedbackLink._meta.get_field("token").default()
    link.save(update_fields=["token"])
    audit_record(actor=actor, obj=project, action="feedback_link.renewed")
    return link


@transaction.atomic
def feedback_submit(*, link: FeedbackLink, text: str) -> Feedback:
    """Keep what someone said through the secret link. We keep no name, address or exact time."""
    if not link.is_open:
        raise ValidationError(_("This form is closed."))
    text = _clean_text(text, field="text")
    when = timezone.now().replace(minute=0, second=0, microsecond=0)
    return Feedback.objects.create(project_id=link.project_id, text=text, created_at=when)


@transaction.atomic
def feedback_reply_add(
    *,
    project: Project,
    author: User,
    text: str,
    channel: str,
    about: str,
    about_label: str,
    link: str = "",
    by_proxy: bool = False,
    entered_by: User | None = None,
    key: str,
) -> Feedback:
    """Keep a named reply to something the project sent, and tell the project's lead (issue 17).

    ``channel`` is how it came ("email", "text", "post", "phone"); ``about`` what it answers
    ("announcement:12"); ``key`` is unique to this reply (the outbox key of the lead's message is made
    from it, so calling again tells nobody twice). The reply counts as an input for "you said, we did"
    (kind ``feedback``) like anything sent through the anonymous form. Text is cut at 2,000 letters.
    Raises ValidationError when the text is empty.
    """
    text = (text or "").strip()[:TEXT_MAX]
    if not text:
        raise ValidationError({"text": _("The reply is empty.")})
    feedback = Feedback.objects.create(
        project=project,
        text=text,
        author=author,
        channel=channel[:12],
        by_proxy=by_proxy,
        entered_by=entered_by,
        about=about[:80],
        about_label=about_label[:200],
    )
    lead = project_lead(project)
    name = author.short_name
    with in_language_of(lead):
        subject = _("%(name)s replied about %(about)s") % {"name": name, "about": about_label}
        how = {
            "email": _("by email"),
            "text": _("by text message"),
            "post": _("by post (you typed it in)") if by_proxy else _("by post"),
            "phone": _("on the phone (you typed it in)") if by_proxy else _("on the phone"),
        }.get(channel, "")
        body = _("%(name)s replied %(how)s:\n\n%(text)s") % {"name": name, "how": how, "text": text}
        tell(
            person=lead,
            project=project,
            key=f"reply:{key}:lead",
            subject=subject,
            body=body,
            link=link or absolute_url(reverse("feedback:feedback", args=[project.pk])),
            link_text=_("Read replies and answer them"),
        )
    audit_record(
        actor=entered_by or author,
        action="reply.landed",
        subject=author,
        obj=feedback,
        by_proxy=by_proxy,
        summary=str(about_label)[:200],
        details={"channel": channel, "about": about},
    )
    return feedback


# --- You said, we did --------------------------------------------------------------------------


def parse_input(value: str) -> tuple[str, int]:
    """``"<kind>:<id>"`` as (kind, id): one of feedback's kinds or a registered one (feedback/inputs.py).

    Raises ``ValidationError`` at ``inputs`` for anything else."""
    kind, _sep, pk = (value or "").partition(":")
    if (kind not in INPUT_KINDS and input_kind(kind) is None) or not pk.isdigit():
        raise ValidationError({"inputs": _("We could not find one of the things you chose.")})
    return kind, int(pk)


def _inputs(project: Project, choices: list[str]) -> list[tuple[str, Any]]:
    """The chosen inputs, each checked to belong to this project and (for a registered kind) to count as
    an input now. One query a kind chosen."""
    wanted: dict[str, set[int]] = {}
    for value in choices:
        kind, pk = parse_input(value)
        wanted.setdefault(kind, set()).add(pk)
    found: list[tuple[str, Any]] = []
    models = {
        "note": Note.objects.select_related("board", "author"),
        "theme": Theme.objects.all(),
        "feedback": Feedback.objects.all(),
        "answer": CheckInAnswer.objects.select_related("person"),
        "barrier": Barrier.objects.select_related("raised_by"),
    }
    for kind, pks in wanted.items():
        registered = input_kind(kind)
        qs = registered.rows(project, None) if registered is not None else models[kind].filter(project=project)
        rows = list(qs.filter(pk__in=pks))
        if len(rows) != len(pks):
            raise ValidationError({"inputs": _("We could not find one of the things you chose.")})
        found += [(kind, row) for row in rows]
    return found


def _created(kind: str, obj) -> datetime:
    return obj.created_at


@transaction.atomic
def response_create(
    *, actor: User, project: Project, title: str, outcome: str, what_we_did: str, inputs: list[str]
) -> Response:
    """Record what changed (or why not) and link it to what people said. Everyone linked is told their way.

    A barrier that is still open counts as answered by this.
    """
    if not inputs:
        raise ValidationError({"inputs": _("Choose at least one thing people told you.")})
    if outcome not in Response.Outcome.values:
        raise ValidationError({"outcome": _("Choose what happened.")})
    response = Response(
        project=project,
        title=_clean_text(title, field="title", limit=200),
        outcome=outcome,
        what_we_did=_clean_text(what_we_did, field="what_we_did"),
        created_by=actor,
    )
    response.full_clean()
    response.save()
    linked = _inputs(project, inputs)
    response_link_add(actor=actor, response=response, linked=linked)
    audit_record(actor=actor, obj=response, action="response.made", summary=response.title)
    return response


def response_link_add(*, actor: User, response: Response, linked: list[tuple[str, Any]]) -> int:
    project = response.project
    now = timezone.now()
    made = 0
    for kind, obj in linked:
        try:
            with transaction.atomic():
                target: dict[str, Any] = (
                    {kind: obj} if kind in INPUT_KINDS else {"input_kind": kind, "input_id": obj.pk}
                )
                if target.get("input_kind") and ResponseLink.objects.filter(response=response, **target).exists():
                    continue  # linked already (also kept once by a unique constraint)
                ResponseLink.objects.create(
                    project=project, response=response, input_created_at=_created(kind, obj), answered_at=now,
                    **target,
                )  # fmt: skip
                made += 1
        except IntegrityError:
            continue  # linked already
        if kind == "barrier" and obj.status == Barrier.Status.OPEN:
            barrier_answer(actor=actor, barrier=obj, status=Barrier.Status.RESPONDED, response=response.what_we_did)
    for person in _authors(linked):
        with in_language_of(person):
            tell(
                person=person, project=project, key=f"response:{response.pk}:user:{person.pk}", sender=actor,
                subject=_("You said, we did: %(title)s") % {"title": response.title},
                body=_("You told us something in %(project)s. Here is what we did.\n\n%(what)s") % {
                    "project": project.title, "what": response.what_we_did},
                link=absolute_url(reverse("feedback:responses", args=[project.pk])), link_text=_("See what we did"),
            )  # fmt: skip
    if made:
        details = {"linked": made}
        audit_record(actor=actor, obj=response, action="response.linked", summary=response.title, details=details)
    return made


def _authors(linked: list[tuple[str, Any]]) -> list:
    """Everyone whose words are linked, once each. Anonymous notes and feedback have no author to tell."""
    people: dict[int, User] = {}
    theme_ids = []
    for kind, obj in linked:
        if kind == "note" and obj.author_id and obj.board.anonymity != Anonymity.ANONYMOUS:
            people[obj.author_id] = obj.author
        elif kind == "answer":
            people[obj.person_id] = obj.person
        elif kind == "feedback" and obj.author_id:  # a named reply (issue 17); the anonymous form has none
            people[obj.author_id] = obj.author
        elif kind == "barrier" and obj.raised_by_id:
            people[obj.raised_by_id] = obj.raised_by
        elif kind == "theme":
            theme_ids.append(obj.pk)
        elif (registered := input_kind(kind)) is not None and (author := registered.author(obj)) is not None:
            people[author.pk] = author
    if theme_ids:
        for note in Note.objects.filter(
            theme_id__in=theme_ids, author__isnull=False, hidden_at__isnull=True
        ).select_related("author"):
            assert note.author_id is not None and note.author is not None  # author__isnull=False above
            people.setdefault(note.author_id, note.author)
    prefetch_related_objects(list(people.values()), "profile")  # their languages, in one query
    return list(people.values())
