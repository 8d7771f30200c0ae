"""What a proposal's letter carries: the question, the options and a reply slip (docs/decisions.md).

Registered with the outbox's letter parts (``notifications/letter_parts.py``) in ``DecisionsConfig.ready``.
A "your vote" message (key ``proposal:<id>:opened:<person>``) gets the project's contact and a reply
slip with a tick box per option, its reference printed on it. The organiser types the reference at
``/tasks/letters/replies/`` and ticks what the person ticked; ``_record_vote`` saves it as their vote,
by post, by proxy (``services.vote_record_by_proxy``). A slip for an anonymous proposal is *private*:
the audit row of the reply says that a slip came back, not what was ticked.

Ranking and scoring need numbers, not ticks: their letter lists the options and asks the person to
write a number beside each; the organiser records it on the proposal's "record a vote" page, by post.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.notifications.letter_parts import LetterParts, ReplySlip
from roundtable.projects.letters import contact_for_project

if TYPE_CHECKING:
    from roundtable.notifications.models import Message

_OPENED = re.compile(r"^proposal:(\d+):opened:(\d+)$")


def _record_vote(proposal_id: int, person_id: int, *, actor, chosen: list[str], comments: str) -> str:
    """Save a returned reply slip as the person's vote, by post. Raises ValidationError for the wrong
    number of ticks or a vote after closing, PermissionDenied for someone who does not organise it."""
    from roundtable.accounts.models import User
    from roundtable.decisions.models import Channel, Proposal
    from roundtable.decisions.services import vote_record_by_proxy

    proposal = Proposal.objects.select_related("project").get(pk=proposal_id)
    person = User.objects.get(pk=person_id)
    if proposal.kind != Proposal.Kind.SEVERAL and len(chosen) != 1:
        raise ValidationError(_("This question takes one tick. Tick the one box the person ticked."))
    try:
        return vote_record_by_proxy(
            actor=actor,
            proposal=proposal,
            person=person,
            choice=[[int(key), 1] for key in chosen],
            reason=comments,
            channel=Channel.POST,
        )
    except ValidationError as error:
        raise ValidationError(error.messages) from None


def letter_parts(message: Message) -> LetterParts | None:
    """The contact and a reply slip for a proposal's opening letter, or None for any other message."""
    found = _OPENED.match(message.idempotency_key or "")
    if not found:
        return None
    from roundtable.decisions.models import Option, Proposal
    from roundtable.decisions.services import consent_words

    proposal = (
        Proposal.objects.select_related("project__organisation", "project__contact")
        .filter(pk=int(found.group(1)))
        .first()
    )
    if proposal is None:
        return None
    organiser = message.organiser if message.organiser_id else None
    parts = LetterParts(contact=contact_for_project(proposal.project, person=organiser))
    if proposal.kind in (Proposal.Kind.RANK, Proposal.Kind.SCORE):
        return parts
    options = Option.objects.filter(proposal=proposal).order_by("position", "id")
    asks: dict[str, str] = {
        Proposal.Kind.CONSENT: _("%(question)s Tick one box."),
        Proposal.Kind.ONE: _("%(question)s Tick one box."),
        Proposal.Kind.SEVERAL: _("%(question)s Tick every box you choose."),
    }
    ask = asks[proposal.kind]
    closes = timezone.localtime(proposal.closes_at)
    parts.reply_slip = ReplySlip(
        question=ask % {"question": proposal.question},
        options=[(str(o.pk), consent_words(o.code) if o.code else o.text) for o in options],
        record=partial(_record_vote, proposal.pk, int(found.group(2))),
        comments_prompt=_("Why you chose this (you must say why if you block):")
        if proposal.kind == Proposal.Kind.CONSENT
        else _("Why you chose this (if you like):"),
        answer_by=date_format(closes, "j F Y"),
        private=proposal.anonymous,
    )
    return parts
