"""Every write of the project conversation (docs/conversation.md).

Messages go through the outbox (``notifications.services.message_queue_many``) with idempotency keys:

* ``conversation:topic:<topic>:new:<person>``               a new topic, to every active member and the contact
* ``conversation:topic:<topic>:replies:<date>:<person>``     new replies, to the topic's participants: at most
  one a topic a person a day (London date), so a busy topic does not flood anyone; it names the first reply
  of the day and links to the rest
* ``conversation:reply:<reply>:hidden:<person>``      the author: an organiser hid their reply, and why
* ``conversation:reply:<reply>:report:<reporter>:<person>``   the project's organisers, privately: a report

Each message carries ``topic=Topic.message_topic`` (``conversation:topic:<pk>``; a reply's message
``conversation:topic:<pk>:reply:<reply>``, withdrawn if the reply is hidden before it goes), so an inbound
reply to it can name the topic (``selectors.topic_for_message_topic``). Letters get a reply slip and calls
read the topic out (``letters.py``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.conversation.models import (
    BODY_LIMIT,
    NOTE_LIMIT,
    REASON_LIMIT,
    TITLE_LIMIT,
    Channel,
    ConversationSettings,
    Reply,
    Report,
    Topic,
)
from roundtable.conversation.permissions import may_start, may_take_part, settings_for
from roundtable.lib.i18n import by_language
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue_many, project_scope
from roundtable.notifications.withdraw import messages_withdraw
from roundtable.projects.models import Membership, Project, StaffMembership
from roundtable.projects.permissions import project_access
from roundtable.projects.selectors import organisers_of
from roundtable.safety.selectors import agreed_rules

PROXY_CHANNELS = frozenset({Channel.POST, Channel.PHONE})
NOT_TAKING_PART = gettext_lazy("Only people in this project can write here.")


def _text(value: str, *, field: str, limit: int, empty: str) -> str:
    """Words as typed, trimmed, with one kind of line ending; a plain error at ``field`` when empty or long."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError(
            {field: _("This is %(over)d characters too long. Keep it to %(limit)d.") % {
                "over": len(text) - limit, "limit": limit}}
        )  # fmt: skip
    return text


def _organiser(project: Project, conversation: ConversationSettings | None = None):
    """Who handles letters and calls about the conversation: its contact, the project's, or whoever made it."""
    if conversation is not None and conversation.contact_id:
        return conversation.contact
    return project.contact or project.created_by


def _note(value: str) -> str:
    """A content note as typed, trimmed; empty is fine. Raises ValidationError at ``content_note`` if long."""
    note = " ".join((value or "").split())
    if len(note) > NOTE_LIMIT:
        raise ValidationError(
            {"content_note": _("This is %(over)d characters too long. Keep it to %(limit)d.") % {
                "over": len(note) - NOTE_LIMIT, "limit": NOTE_LIMIT}}
        )  # fmt: skip
    return note


def noted(content_note: str, text: str) -> str:
    """A message's words with the content note first, so a reader (or a caller reading aloud) meets it first."""
    if not content_note:
        return text
    return (
        _("Content note: %(note)s. You can skip this. You do not need to give a reason.") % {"note": content_note}
        + "\n\n"
        + text
    )


def topic_url(topic: Topic, *, page: int | None = None) -> str:
    url = reverse("conversation:topic", args=[topic.project_id, topic.number])
    return f"{url}?page={page}" if page else url


def _check_proxy(*, project: Project, channel: str, entered_by: User | None) -> None:
    if channel not in Channel.values:
        raise ValidationError(_("That is not a way a reply can reach us."))
    if channel in PROXY_CHANNELS and entered_by is None:
        raise ValidationError(_("A reply by post or phone must say which organiser typed it."))
    if entered_by is not None and not project_access(entered_by, project).is_organiser:
        raise ValidationError(_("Only those who run it can type for someone."))


def _active_people(project: Project, ids) -> list[User]:
    """The people among ``ids`` who take part now (active members or the organisation's staff), with profiles."""
    staff = StaffMembership.objects.filter(organisation_id=project.organisation_id).values("user_id")
    members = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).values("user_id")
    return list(
        User.objects.filter(pk__in=ids, is_active=True)
        .filter(Q(pk__in=staff) | Q(pk__in=members))
        .select_related("profile")
        .order_by("pk")
    )


def _send(*, project: Project, people: list[User], key_prefix: str, kind: str, words, topic: Topic, sender,
          organiser, link: str, link_text, about: str = "") -> None:  # fmt: skip
    for language, group in by_language(people).items():
        with translation.override(language):
            subject, body = words()
            message_queue_many(
                recipients=group,
                key_prefix=key_prefix,
                subject=subject[:200],
                body=body,
                kind=kind,
                sender=sender,
                organiser=organiser,
                organisation_id=project.organisation_id,
                link_url=link,
                link_text=str(link_text()),
                group_label=project.title,
                topic=about or topic.message_topic,
                scope=project_scope(project.pk),
            )


def reply_message_topic(reply: Reply) -> str:
    """What messages quoting a reply carry as their ``topic``: ``conversation:topic:<topic>:reply:<reply>``, so
    hiding the reply withdraws those not yet gone, and an inbound answer still finds the topic."""
    return f"conversation:topic:{reply.topic_id}:reply:{reply.pk}"


@transaction.atomic
def conversation_settings_set(
    *, actor: User, project: Project, who_may_start: str, contact: User | None, answer_within_days: int
) -> ConversationSettings:
    """An organiser sets who may start topics, who answers and within how many working days (1 to 30).

    Raises PermissionDenied-like ValidationError for a non-organiser; the contact must organise the project.
    """
    if not project_access(actor, project).is_organiser:
        raise ValidationError(_("Only the people running this project can change this."))
    if who_may_start not in ConversationSettings.Starters.values:
        raise ValidationError({"who_may_start": _("Choose who may start a topic.")})
    if contact is not None and not project_access(contact, project).is_organiser:
        raise ValidationError({"contact": _("Choose one of the organisers.")})
    if not 1 <= int(answer_within_days) <= 30:
        raise ValidationError({"answer_within_days": _("Enter a number of working days from 1 to 30.")})
    conversation, _made = ConversationSettings.objects.select_for_update().get_or_create(project=project)
    before = {"who_may_start": conversation.who_may_start, "contact": conversation.contact_id,
              "days": conversation.answer_within_days}  # fmt: skip
    conversation.who_may_start = who_may_start
    conversation.contact = contact
    conversation.answer_within_days = int(answer_within_days)
    conversation.full_clean()
    conversation.save()
    audit_record(actor=actor, obj=conversation, action="conversation.settings_set", details={"before": before})
    return conversation


@transaction.atomic
def topic_start(
    *,
    project: Project,
    author: User,
    title: str,
    body: str,
    channel: str = "web",
    entered_by: User | None = None,
    content_note: str = "",
) -> Topic:
    """Start a topic in the project's conversation and tell every active member (and the contact) their way.

    ``entered_by`` is the organiser who typed it for someone (by post or phone). ``content_note`` (optional, up
    to ``NOTE_LIMIT`` characters) is shown before the words, on the page and first in every message.
    Raises ValidationError: keyed by ``title``/``body``/``content_note`` for empty or too long words (limits
    ``TITLE_LIMIT``, ``BODY_LIMIT``), plain for someone who may not start a topic (not taking part, or the
    project lets only organisers start).
    """
    title = _text(title, field="title", limit=TITLE_LIMIT, empty=_("Write a title for your topic."))
    body = _text(body, field="body", limit=BODY_LIMIT, empty=_("Write what you want to talk about."))
    content_note = _note(content_note)
    _check_proxy(project=project, channel=channel, entered_by=entered_by)
    if not may_take_part(author, project):
        raise ValidationError(str(NOT_TAKING_PART))
    conversation = settings_for(project)
    if not may_start(project_access(author, project), conversation):
        raise ValidationError(_("Only the people running this project can start a topic. You can reply to any topic."))
    Project.objects.select_for_update().filter(pk=project.pk).first()  # numbers are given out one at a time
    number = (Topic.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    topic = Topic(
        project=project, number=number, title=title, body=body, started_by=author, channel=channel,
        entered_by=entered_by, last_active_at=now, content_note=content_note,
    )  # fmt: skip
    topic.full_clean()
    topic.save()
    audit_record(
        actor=entered_by or author, subject=author, obj=topic, action="conversation.topic_started",
        by_proxy=entered_by is not None, summary=title, details={"channel": channel},
    )  # fmt: skip
    members = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).values("user_id")
    organiser = _organiser(project, conversation)
    ids = set(members.values_list("user_id", flat=True))
    if organiser is not None:
        ids.add(organiser.pk)
    ids.discard(author.pk)
    people = _active_people(project, ids)
    name = author.full_name

    def words():
        subject = _("New topic in %(project)s: %(title)s") % {"project": project.title, "title": title}
        text = _("%(name)s started a new topic.\n\n%(title)s\n\n%(body)s\n\n"
                 "You can reply if you want to. Reference: %(ref)s.") % {
            "name": name, "title": title, "body": body, "ref": topic.reference}  # fmt: skip
        return subject, noted(content_note, text)

    _send(
        project=project, people=people, key_prefix=f"{topic.message_topic}:new:", kind="conversation_topic",
        words=words, topic=topic, sender=author, organiser=organiser, link=absolute_url(topic_url(topic)),
        link_text=lambda: _("Read the topic and reply"),
    )  # fmt: skip
    return topic


def participant_ids(topic: Topic, conversation: ConversationSettings | None = None) -> set[int]:
    """Who follows a topic: whoever started it, everyone who replied, and the conversation's contact (1 query)."""
    ids = set(Reply.objects.filter(topic=topic, author__isnull=False).values_list("author_id", flat=True).distinct())
    if topic.started_by_id:
        ids.add(topic.started_by_id)
    organiser = _organiser(topic.project, conversation)
    if organiser is not None:
        ids.add(organiser.pk)
    return ids


@transaction.atomic
def reply_post(
    *,
    topic: Topic,
    author: User,
    body: str,
    channel: str = "web",
    entered_by: User | None = None,
    content_note: str = "",
) -> Reply:
    """Post ``author``'s reply in ``topic`` and return the Reply. The one way any reply lands in a topic:
    typed on the web, or routed here from an inbound email or text, a letter's reply slip or a call's notes.

    ``channel``: "web", "email", "text", "post" or "phone". ``entered_by``: the organiser who typed it for the
    author (a reply by proxy); required for "post" and "phone".
    ``content_note`` as for ``topic_start``. The topic's participants (its starter, people
    who replied, the contact) are told their way, at most once a topic a day each (see the module's text).

    Raises ``django.core.exceptions.ValidationError``: keyed by ``body`` for an empty reply or one over
    ``BODY_LIMIT`` (4,000) characters; a plain message when the author may not post (not an active member or
    staff of the project: people who left, outsiders), for an unknown channel, or an ``entered_by`` who does
    not organise the project.
    """
    project = topic.project
    body = _text(body, field="body", limit=BODY_LIMIT, empty=_("Write your reply."))
    content_note = _note(content_note)
    _check_proxy(project=project, channel=channel, entered_by=entered_by)
    if not may_take_part(author, project):
        raise ValidationError(str(NOT_TAKING_PART))
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    now = timezone.now()
    reply = Reply(
        topic=topic, project=project, author=author, body=body, channel=channel, entered_by=entered_by,
        content_note=content_note,
    )  # fmt: skip
    reply.full_clean()
    reply.save()
    Topic.objects.filter(pk=locked.pk).update(reply_count=locked.reply_count + 1, last_reply_at=now, last_active_at=now)
    topic.reply_count, topic.last_reply_at, topic.last_active_at = locked.reply_count + 1, now, now
    audit_record(
        actor=entered_by or author, subject=author, obj=reply, action="conversation.reply_posted",
        by_proxy=entered_by is not None, details={"channel": channel, "topic": topic.pk},
    )  # fmt: skip
    conversation = settings_for(project)
    ids = participant_ids(topic, conversation) - {author.pk}
    people = _active_people(project, ids)
    name, title = author.full_name, topic.title
    day = timezone.localdate(now).isoformat()

    def words():
        subject = _("New replies in %(project)s: %(title)s") % {"project": project.title, "title": title}
        text = _("%(name)s replied to \"%(title)s\":\n\n%(body)s\n\nThere may be more replies since. "
                 "Reference: %(ref)s.") % {"name": name, "title": title, "body": body,
                                            "ref": topic.reference}  # fmt: skip
        return subject, noted(content_note, text)

    _send(
        project=project, people=people, key_prefix=f"{topic.message_topic}:replies:{day}:",
        kind="conversation_reply", words=words, topic=topic, sender=author, organiser=_organiser(project, conversation),
        link=absolute_url(topic_url(topic, page=max(1, -(-topic.reply_count // 50)))),
        link_text=lambda: _("Read the replies"), about=reply_message_topic(reply),
    )  # fmt: skip
    return reply


@transaction.atomic
def reply_hide(*, actor: User, reply: Reply, reason: str) -> Reply:
    """An organiser hides a reply with a reason; the author is told their way (once). Hiding twice keeps
    the first reason. Raises ValidationError for a non-organiser or an empty or too long reason."""
    reason = _text(reason, field="reason", limit=REASON_LIMIT, empty=_("Say why you are hiding this reply."))
    topic = reply.topic
    project = topic.project
    if not project_access(actor, project).is_organiser:
        raise ValidationError(_("Only those who run it can hide replies."))
    locked = Reply.objects.select_for_update().get(pk=reply.pk)
    if locked.hidden_at is not None:
        return locked
    locked.hidden_at, locked.hidden_by, locked.hidden_reason = timezone.now(), actor, reason
    locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=actor, subject=locked.author, obj=locked, action="conversation.reply_hidden", summary=reason)
    # Messages quoting the reply that have not gone yet (held for a round-up, waiting, a letter not yet posted).
    messages_withdraw(
        topic=reply_message_topic(locked), reason=_("The reply was hidden, so it will not be sent."), actor=actor
    )
    if locked.author is not None:
        people = _active_people(project, [locked.author_id]) or [locked.author]
        words_body, title = locked.body, topic.title

        def words():
            subject = _("Your reply in %(project)s was hidden") % {"project": project.title}
            text = _("%(name)s hid your reply to \"%(title)s\".\n\nWhy: %(reason)s\n\nWhat you wrote:\n%(body)s\n\n"
                     "If you want to talk about it, contact the project.") % {
                "name": actor.full_name, "title": title, "reason": reason, "body": words_body}  # fmt: skip
            return subject, text

        for language, group in by_language(people).items():
            with translation.override(language):
                subject, text = words()
                message_queue_many(
                    recipients=group, key_prefix=f"conversation:reply:{locked.pk}:hidden:", subject=subject,
                    body=text, kind="conversation_hidden", sender=actor, organiser=actor,
                    organisation_id=project.organisation_id, link_url=absolute_url(topic_url(topic)),
                    link_text=_("See the topic"), group_label=project.title, topic=topic.message_topic,
                    scope=project_scope(project.pk), for_leavers=True,
                )  # fmt: skip
    locked.topic = topic
    return locked


@transaction.atomic
def reply_report(*, actor: User, reply: Reply, reason: str, rule_id: int | None = None) -> Report:
    """Anyone taking part reports a reply to the project's organisers, privately. Once per reply and person:
    a second report returns the first. ``rule_id`` (optional) names one of the project's agreed ground rules
    (``safety``) the reply breaks; the organisers' message quotes it. Raises ValidationError for someone not
    taking part, an empty reason, or a rule that is not one of the project's agreed rules (keyed ``rule``)."""
    reason = _text(reason, field="reason", limit=REASON_LIMIT, empty=_("Say what worries you about this reply."))
    topic = reply.topic
    project = topic.project
    if not may_take_part(actor, project):
        raise ValidationError(str(NOT_TAKING_PART))
    rule = None
    if rule_id is not None:
        rule = next((r for r in agreed_rules(project=project) if r.pk == rule_id), None)
        if rule is None:
            raise ValidationError({"rule": _("Choose one of the ground rules we agreed, or none.")})
    report, made = Report.objects.get_or_create(
        reply=reply, reported_by=actor, defaults={"reason": reason, "rule": rule}
    )
    if not made:
        return report
    audit_record(
        actor=actor, obj=report, action="conversation.reply_reported", summary=reason,
        details={"rule": rule.pk} if rule else None,
    )  # fmt: skip
    organisers = list(organisers_of(organisation_id=project.organisation_id).select_related("profile"))
    author = reply.author.full_name if reply.author else _("someone")

    def words():
        subject = _("A reply was reported in %(project)s") % {"project": project.title}
        text = _("%(name)s reported a reply by %(author)s in \"%(title)s\". "
                 "Only those who run the project get this.\n\nWhy: %(reason)s\n\n"
                 "You can hide the reply and say why.") % {
            "name": actor.full_name, "author": author, "title": topic.title, "reason": reason}  # fmt: skip
        if rule is not None:
            text += "\n\n" + _("The ground rule they say it breaks: %(rule)s") % {"rule": rule.text}
        return subject, text

    people = [person for person in organisers if person.pk != actor.pk] or organisers
    _send(
        project=project, people=people, key_prefix=f"conversation:reply:{reply.pk}:report:{actor.pk}:",
        kind="conversation_report", words=words, topic=topic, sender=None, organiser=_organiser(project),
        link=absolute_url(reverse("conversation:hide", args=[project.pk, topic.number, reply.pk])),
        link_text=lambda: _("See the reply"),
    )  # fmt: skip
    return report
