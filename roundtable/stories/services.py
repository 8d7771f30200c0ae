"""Every write in stories: parts, sharing and withdrawing, requests, the access log, quotes, proxy acts.

Rules (issue 16, "Tell your story once"; docs/stories.md):

* Only the owner writes, shares and withdraws their parts. An organiser acts for someone only where
  ``projects.permissions.may_act_for`` allows it (Grace: added by proxy, no web), and every such act is
  marked as by proxy and audited.
* Nothing is shared by default. A share names one part, one project the person belongs to, the purpose the
  project stated and, if they like, a last day. Withdrawing ends access at once.
* Story words never go into a message to anyone but the owner, nor into an audit row or a log line. The one
  message that carries them is the copy of a proxy-recorded part sent to the person themselves, to check.
* A decline is stored as an answer, never counted or shown as a figure.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.credits.models import Output
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.projects.models import Membership, Project
from roundtable.projects.permissions import may_act_for, project_access, require_organiser_of
from roundtable.stories.audio import check_audio
from roundtable.stories.models import StoryPart, StoryQuote, StoryRead, StoryRequest, StoryShare

NEED_WORDS = _("Write some words, or add a recording.")
NEED_TITLE = _("Give this part a title.")
NEED_PURPOSE = _("Say what the story is for.")
UNTIL_PAST = _("The last day must be today or later.")
NOT_A_MEMBER = _("You can only share with a project you belong to.")
ALREADY_SHARED = _("You already share this part with this project.")
WAITING_FOR_CHECK = _("This part cannot be shared until the person says it is right.")
PERSON_LEFT = _("%(name)s has left this project, so you cannot ask them for a story.")
ALREADY_ASKED = _("You already asked %(name)s. Please wait for their answer.")
QUOTE_WITHDRAWN = _("This part is no longer shared with your project, so you cannot quote it.")
QUOTE_NOT_IN_PART = _("Quote only words the person wrote. These words are not in this part.")
QUOTE_OTHER_PROJECT = _("Choose something your project made.")
QUOTE_EMPTY = _("Write the words you want to quote.")
REQUEST_CLOSED = _("You have answered this already.")


def _live_q(today: dt.date | None = None):
    from django.db.models import Q

    today = today or timezone.localdate()
    return Q(withdrawn_at__isnull=True) & (Q(until__isnull=True) | Q(until__gte=today))


def _active_membership(project: Project, person: User) -> Membership | None:
    membership = Membership.objects.select_related("user").filter(project=project, user=person).first()
    return membership if membership is not None and membership.is_active else None


def require_proxy_for(actor: User, project: Project, person: User) -> Membership:
    """The person's membership when ``actor`` may act for them in ``project``, else PermissionDenied."""
    membership = _active_membership(project, person)
    if membership is None or not may_act_for(project_access(actor, project), membership):
        raise PermissionDenied
    return membership


def _owner_or_proxy(actor: User, part: StoryPart, project: Project | None, by_proxy: bool) -> None:
    if by_proxy:
        if project is None:
            raise PermissionDenied
        require_proxy_for(actor, project, part.owner)
    elif actor.pk != part.owner_id:
        raise PermissionDenied


def _send_copy(*, actor: User, part: StoryPart, project: Project) -> None:
    """Send the person a copy of a part recorded for them, to check. Their own words go to them only."""
    owner = part.owner
    stamp = int(part.updated_at.timestamp())
    with in_language_of(owner):
        message_queue(
            recipient=owner,
            kind="story_copy",
            sender=actor,
            organiser=actor,
            organisation_id=project.organisation_id,
            idempotency_key=f"story-part:{part.pk}:copy:{stamp}",
            subject=_("Please check your story: “%(title)s”") % {"title": part.title},
            body=_(
                "%(organiser)s wrote down this part of your story when you talked. Please check it. "
                "Nobody else can read it. It will not be shared unless you say it is right and you agree.\n\n"
                "%(title)s\n\n%(text)s\n\n"
                "Please tell %(organiser)s if it is right, or what to change."
            )
            % {"organiser": actor.full_name, "title": part.title, "text": part.text},
            group_label=project.title,
            for_leavers=True,
        )


def part_save(
    *,
    actor: User,
    owner: User,
    title: str,
    text: str,
    content_note: str = "",
    audio: UploadedFile | None = None,
    remove_audio: bool = False,
    part: StoryPart | None = None,
    proxy_project: Project | None = None,
) -> StoryPart:
    """Write a new part (``part=None``) or change one. Returns the saved part.

    ``proxy_project``: an organiser recording the part for ``owner`` by proxy (``may_act_for`` in that
    project); the part is marked by proxy, waits for the person's check, and a copy goes to them.
    Raises ValidationError (``title``, ``text``, ``audio``: plain words) or PermissionDenied.
    """
    by_proxy = proxy_project is not None
    if proxy_project is not None:
        require_proxy_for(actor, proxy_project, owner)
    elif actor.pk != owner.pk:
        raise PermissionDenied
    if part is not None and part.owner_id != owner.pk:
        raise PermissionDenied
    if part is not None and part.by_proxy != by_proxy and by_proxy:
        raise PermissionDenied  # an organiser never changes words the person wrote themselves
    errors: dict[str, list[str]] = {}
    title, text, content_note = title.strip(), text.strip(), content_note.strip()
    if not title:
        errors.setdefault("title", []).append(str(NEED_TITLE))
    audio_type = ""
    if audio is not None:
        message, audio_type = check_audio(audio)
        if message:
            errors.setdefault("audio", []).append(message)
    has_audio = audio is not None or (part is not None and bool(part.audio) and not remove_audio)
    if not text and not has_audio and "audio" not in errors:
        errors.setdefault("text", []).append(str(NEED_WORDS))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if part is None:
            part = StoryPart(owner=owner, by_proxy=by_proxy, recorded_by=actor if by_proxy else None)
        else:
            part = StoryPart.objects.select_for_update().get(pk=part.pk)
        part.title, part.text, part.content_note = title, text, content_note
        if remove_audio and part.audio:
            part.audio.delete(save=False)
            part.audio, part.audio_type = "", ""
        if audio is not None:
            if part.audio:
                part.audio.delete(save=False)
            part.audio, part.audio_type = audio, audio_type
        if by_proxy:
            part.confirmed_at = None  # changed words need checking again
        part.save()
        audit_record(
            actor=actor,
            subject=owner,
            obj=part,
            action="story.part_saved",
            by_proxy=by_proxy,
            summary=_("A part of a story was saved"),  # never the title or words
        )
        if proxy_project is not None:
            _send_copy(actor=actor, part=part, project=proxy_project)
    return part


def part_confirm_by_proxy(*, actor: User, part: StoryPart, project: Project) -> StoryPart:
    """Record that the person said a part written down for them is right. Idempotent."""
    require_proxy_for(actor, project, part.owner)
    with transaction.atomic():
        part = StoryPart.objects.select_for_update().get(pk=part.pk)
        if part.confirmed_at is None:
            part.confirmed_at = timezone.now()
            part.save(update_fields=["confirmed_at"])
            audit_record(
                actor=actor,
                subject=part.owner,
                obj=part,
                action="story.part_confirmed",
                by_proxy=True,
                summary=_("The person said their story part is right"),
            )
    return part


def _withdraw_quotes(*, actor: User, part: StoryPart, project_ids: list[int]) -> list[StoryQuote]:
    """Mark quotes of ``part`` in those projects' outputs withdrawn, and tell each output's organiser."""
    now = timezone.now()
    quotes = list(
        StoryQuote.objects.select_for_update(of=("self",))
        .select_related("output__project", "asked_by")
        .filter(part=part, output__project_id__in=project_ids)
        .exclude(state__in=[StoryQuote.State.WITHDRAWN, StoryQuote.State.DECLINED])
    )
    for quote in quotes:
        quote.state, quote.withdrawn_at = StoryQuote.State.WITHDRAWN, now
        quote.save(update_fields=["state", "withdrawn_at"])
        project = quote.output.project
        organiser = quote.asked_by or project.contact
        if organiser is None:
            continue
        with in_language_of(organiser):
            message_queue(
                recipient=organiser,
                kind="story_quote_withdrawn",
                organisation_id=project.organisation_id,
                idempotency_key=f"story-quote:{quote.pk}:withdrawn",
                subject=_("Please take a quote out of “%(title)s”") % {"title": quote.output.title},
                body=_(
                    "A person withdrew a part of their story from %(project)s. “%(title)s” quotes it. "
                    "Please take the quote out where you can, then say so on the stories page."
                )
                % {"project": project.title, "title": quote.output.title},
                link_url=absolute_url(reverse("stories:project", args=[project.pk])),
                link_text=_("See the stories page"),
                group_label=project.title,
            )
    return quotes


def part_delete(*, actor: User, part: StoryPart) -> None:
    """Delete a part, its shares and its log. Quotes of it stay, marked withdrawn, for organisers to remove."""
    if actor.pk != part.owner_id:
        raise PermissionDenied
    with transaction.atomic():
        part = StoryPart.objects.select_for_update().get(pk=part.pk)
        project_ids = list(part.quotes.values_list("output__project_id", flat=True).distinct())
        _withdraw_quotes(actor=actor, part=part, project_ids=project_ids)
        part.quotes.update(part=None)
        if part.audio:
            part.audio.delete(save=False)
        audit_record(
            actor=actor, subject=part.owner, action="story.part_deleted", summary=_("A story part was deleted")
        )
        part.delete()


def share_create(
    *,
    actor: User,
    part: StoryPart,
    project: Project,
    purpose: str,
    until: dt.date | None = None,
    request: StoryRequest | None = None,
    by_proxy: bool = False,
) -> StoryShare:
    """Share one part with one project for a purpose, until ``until`` (a London day, included) or withdrawn.

    Raises ValidationError (``purpose``, ``until``, ``project``, or the whole form) or PermissionDenied.
    Answering a request (``request``) marks it answered.
    """
    _owner_or_proxy(actor, part, project, by_proxy)
    purpose = purpose.strip()
    errors: dict[str, list[str]] = {}
    if not purpose:
        errors["purpose"] = [str(NEED_PURPOSE)]
    if until is not None and until < timezone.localdate():
        errors["until"] = [str(UNTIL_PAST)]
    if _active_membership(project, part.owner) is None:
        errors["project"] = [str(NOT_A_MEMBER)]
    if request is not None and (request.owner_id != part.owner_id or request.project_id != project.pk):
        raise PermissionDenied
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        part = StoryPart.objects.select_for_update().get(pk=part.pk)
        if part.waiting_for_check:
            raise ValidationError(WAITING_FOR_CHECK)
        if StoryShare.objects.filter(part=part, project=project, withdrawn_at__isnull=True).exists():
            raise ValidationError(ALREADY_SHARED)
        share = StoryShare.objects.create(
            owner=part.owner,
            part=part,
            project=project,
            purpose=purpose,
            until=until,
            request=request,
            shared_by_proxy=by_proxy,
        )
        if request is not None:
            StoryRequest.objects.filter(pk=request.pk, status=StoryRequest.Status.OPEN).update(
                status=StoryRequest.Status.ANSWERED, answered_at=timezone.now(), answered_by_proxy=by_proxy
            )
        audit_record(
            actor=actor,
            subject=part.owner,
            obj=share,
            action="story.shared",
            by_proxy=by_proxy,
            summary=_("A story part was shared with %(project)s") % {"project": project.title},
            details={"project": project.pk, "until": until.isoformat() if until else None},
        )
    return share


def share_withdraw(*, actor: User, share: StoryShare, by_proxy: bool = False) -> StoryShare:
    """End a share at once. Idempotent. Quotes of the part in that project's outputs are marked withdrawn
    and their organisers told (without the words)."""
    _owner_or_proxy(actor, share.part, share.project, by_proxy)
    with transaction.atomic():
        share = StoryShare.objects.select_for_update().select_related("part", "project").get(pk=share.pk)
        if share.withdrawn_at is not None:
            return share
        share.withdrawn_at = timezone.now()
        share.save(update_fields=["withdrawn_at"])
        _withdraw_quotes(actor=actor, part=share.part, project_ids=[share.project_id])
        audit_record(
            actor=actor,
            subject=share.owner,
            obj=share,
            action="story.withdrawn",
            by_proxy=by_proxy,
            summary=_("A story part was withdrawn from %(project)s") % {"project": share.project.title},
        )
    return share


def share_open(*, reader: User, share: StoryShare, what: str = "words") -> StoryPart:
    """Open a shared part for ``reader`` and write the access-log row (every read by anyone but its owner).

    The caller has checked that ``reader`` organises the share's project. Raises ValidationError when the
    share is withdrawn or past its last day (the view turns that into 404).
    """
    if not share.is_live():
        raise ValidationError(QUOTE_WITHDRAWN)
    if reader.pk != share.owner_id:
        StoryRead.objects.create(
            owner_id=share.owner_id,
            part_id=share.part_id,
            share=share,
            reader=reader,
            reader_name=reader.full_name,
            purpose=share.purpose,
            what=what,
            read_at=timezone.now(),
        )
    return share.part


def request_create(
    *, actor: User, project: Project, person: User, purpose: str, content_note: str = ""
) -> StoryRequest:
    """Ask a member for a story, for a purpose. The message says who asks and why, never any story words.

    Raises ValidationError for no purpose, a person who has left (or never joined), or a request already
    waiting; PermissionDenied for anyone who does not organise the project.
    """
    require_organiser_of(actor, project)
    purpose, content_note = purpose.strip(), content_note.strip()
    if not purpose:
        raise ValidationError({"purpose": [str(NEED_PURPOSE)]})
    if _active_membership(project, person) is None:
        raise ValidationError({"person": [str(PERSON_LEFT % {"name": person.full_name})]})
    with transaction.atomic():
        Membership.objects.select_for_update().filter(project=project, user=person).first()
        if StoryRequest.objects.filter(project=project, owner=person, status=StoryRequest.Status.OPEN).exists():
            raise ValidationError({"person": [str(ALREADY_ASKED % {"name": person.full_name})]})
        request = StoryRequest.objects.create(
            project=project, owner=person, purpose=purpose, content_note=content_note, asked_by=actor
        )
        with in_language_of(person):
            message_queue(
                recipient=person,
                kind="story_request",
                sender=actor,
                organiser=actor,
                organisation_id=project.organisation_id,
                idempotency_key=f"story-request:{request.pk}",
                subject=_("%(project)s asks if you would share a story") % {"project": project.title},
                body=_(
                    "%(organiser)s from %(project)s asks if you would share a part of your story.\n\n"
                    "What it is for: %(purpose)s\n\n"
                    "You choose. You can share a part you wrote before, or write a new one, or say no. "
                    "You do not need to say why. It is fine to say no."
                )
                % {"organiser": actor.full_name, "project": project.title, "purpose": purpose},
                link_url=absolute_url(reverse("stories:request", args=[request.pk])),
                link_text=_("See the request"),
                group_label=project.title,
            )
        audit_record(
            actor=actor,
            subject=person,
            obj=request,
            action="story.requested",
            summary=_("A story was asked for in %(project)s") % {"project": project.title},
        )
    return request


def request_decline(*, actor: User, request: StoryRequest, by_proxy: bool = False) -> StoryRequest:
    """Say no, with no reason asked or kept. Idempotent. Never counted anywhere."""
    if by_proxy:
        require_proxy_for(actor, request.project, request.owner)
    elif actor.pk != request.owner_id:
        raise PermissionDenied
    with transaction.atomic():
        request = StoryRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == StoryRequest.Status.DECLINED:
            return request
        if request.status != StoryRequest.Status.OPEN:
            raise ValidationError(REQUEST_CLOSED)
        request.status, request.answered_at, request.answered_by_proxy = (
            StoryRequest.Status.DECLINED,
            timezone.now(),
            by_proxy,
        )
        request.save(update_fields=["status", "answered_at", "answered_by_proxy"])
        if by_proxy:  # an act on someone's behalf is always recorded; the person's own no is not
            audit_record(
                actor=actor,
                subject=request.owner,
                obj=request,
                action="story.request_answered",
                by_proxy=True,
                summary=_("We saved their answer to a story request"),
            )
    return request


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def quote_create(*, actor: User, share: StoryShare, output: Output, text: str) -> StoryQuote:
    """Ask to quote words of a shared part in an output. Waits for the person's consent (``quote_answer``).

    Raises ValidationError: the share was withdrawn or ended (QUOTE_WITHDRAWN), the words are not in the
    part, or the output is another project's. PermissionDenied for anyone who does not organise the project.
    """
    require_organiser_of(actor, share.project)
    text = text.strip()
    if output.project_id != share.project_id:
        raise ValidationError({"output": [str(QUOTE_OTHER_PROJECT)]})
    if not text:
        raise ValidationError({"text": [str(QUOTE_EMPTY)]})
    with transaction.atomic():
        share = StoryShare.objects.select_for_update().select_related("part", "project").get(pk=share.pk)
        if not share.is_live():
            raise ValidationError(QUOTE_WITHDRAWN)
        if _squash(text) not in _squash(share.part.text):
            raise ValidationError({"text": [str(QUOTE_NOT_IN_PART)]})
        quote = StoryQuote.objects.create(owner=share.owner, part=share.part, output=output, text=text, asked_by=actor)
        owner = share.owner
        with in_language_of(owner):
            message_queue(
                recipient=owner,
                kind="story_quote",
                sender=actor,
                organiser=actor,
                organisation_id=share.project.organisation_id,
                idempotency_key=f"story-quote:{quote.pk}:asked",
                subject=_("May we quote your story in “%(title)s”?") % {"title": output.title},
                body=_(
                    "%(organiser)s would like to quote some words from your story in “%(title)s”. "
                    "They will only use them if you say yes. You can see the words and answer on your story page."
                )
                % {"organiser": actor.full_name, "title": output.title},
                link_url=absolute_url(reverse("stories:mine")),
                link_text=_("See your story page"),
                group_label=share.project.title,
            )
        audit_record(
            actor=actor,
            subject=owner,
            obj=quote,
            action="story.quote_asked",
            summary=_("A quote was asked for in %(title)s") % {"title": output.title},
        )
    return quote


def quote_answer(*, actor: User, quote: StoryQuote, agree: bool) -> StoryQuote:
    """The person says yes or no to one quote. They may change a yes to a no later. A yes needs the part to
    be shared with the output's project still (else QUOTE_WITHDRAWN)."""
    if actor.pk != quote.owner_id:
        raise PermissionDenied
    with transaction.atomic():
        quote = StoryQuote.objects.select_for_update().select_related("output").get(pk=quote.pk)
        if quote.state == StoryQuote.State.WITHDRAWN:
            raise ValidationError(QUOTE_WITHDRAWN)
        if (
            agree
            and not StoryShare.objects.filter(
                _live_q(), part_id=quote.part_id, project_id=quote.output.project_id
            ).exists()
        ):
            raise ValidationError(QUOTE_WITHDRAWN)
        quote.state = StoryQuote.State.AGREED if agree else StoryQuote.State.DECLINED
        quote.answered_at = timezone.now()
        quote.save(update_fields=["state", "answered_at"])
        audit_record(
            actor=actor,
            subject=actor,
            obj=quote,
            action="story.quote_answered",
            summary=_("A quote was answered"),
            details={"agreed": agree},
        )
    return quote


def quote_removed(*, actor: User, quote: StoryQuote) -> StoryQuote:
    """The organiser took a withdrawn quote out of the output. Idempotent."""
    require_organiser_of(actor, quote.output.project)
    with transaction.atomic():
        quote = StoryQuote.objects.select_for_update().get(pk=quote.pk)
        if quote.removed_at is None:
            quote.removed_at = timezone.now()
            quote.save(update_fields=["removed_at"])
            audit_record(actor=actor, obj=quote, action="story.quote_removed", summary=_("A quote was taken out"))
    return quote
