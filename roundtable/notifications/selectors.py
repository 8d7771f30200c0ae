"""Reads for the outbox's pages, scoped to the person looking.

Each selector loads what its page shows with select_related / prefetch_related
inside, so the number of queries does not grow with the number of messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from roundtable.accounts.models import Channel, CommunicationProfile, Format, User
from roundtable.notifications import delivery_sql
from roundtable.notifications.access import visible_tasks_q
from roundtable.notifications.channels.phone import call_script_for
from roundtable.notifications.letter_parts import spoken_parts_for
from roundtable.notifications.letters import LetterContent, content_for
from roundtable.notifications.models import (
    DONE_STATUSES,
    INBOX_HIDDEN_KINDS,
    NOT_GONE_STATUSES,
    STOPPED_STATUSES,
    Delivery,
    DeliveryOutcome,
    DeliveryPreference,
    DigestChoice,
    Message,
    MessageStatus,
    OrganiserTask,
    TaskKind,
    TaskStatus,
)
from roundtable.notifications.windows import window_text
from roundtable.notifications.withdraw import WAITING_FOR_ORGANISER

INBOX_LIMIT = 200
INBOX_PAGE_SIZE = 50  # messages on one page of the inbox (issue 19: it showed the newest 200 at once)


def _inbox_messages(user: User) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user).exclude(kind__in=INBOX_HIDDEN_KINDS)


@dataclass
class InboxGroup:
    label: str
    messages: list[Message] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for m in self.messages if m.read_at is None)


def inbox_for(*, user: User, limit: int = INBOX_LIMIT, offset: int = 0) -> list[InboxGroup]:
    """This person's newest messages from ``offset``, at most ``limit`` (one query, senders joined),
    grouped by project or topic.

    Groups are in the order of their newest message; messages inside a group are newest first.
    """
    ordered = _inbox_messages(user).select_related("sender").order_by("-created_at", "-id")
    messages = ordered[offset : offset + limit]
    groups: dict[str, InboxGroup] = {}
    for message in messages:
        label = message.group_label or _("Other messages")
        groups.setdefault(label, InboxGroup(label=label)).messages.append(message)
    return list(groups.values())


def inbox_counts(*, user: User) -> tuple[int, int]:
    """(messages in the person's inbox, of which not yet read), in one query.

    Counts ``recipient`` (never empty here) rather than ``id`` so that PostgreSQL answers from the
    ``message_unread`` index alone, without reading each message's row (issue 19)."""
    counts = _inbox_messages(user).aggregate(
        total=Count("recipient"), unread=Count("recipient", filter=Q(read_at__isnull=True))
    )
    return counts["total"], counts["unread"]


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return _inbox_messages(user).filter(read_at__isnull=True).count()


def message_for(*, user: User, message_id: int) -> Message:
    """One of this person's own messages, or 404 (someone else's message looks like no message)."""
    return get_object_or_404(_inbox_messages(user).select_related("sender"), pk=message_id)


@dataclass
class TaskRow:
    """What an organiser needs to do one task: who, what, and where to send or ring."""

    task: OrganiserTask
    message: Message
    person_name: str
    postal_address: str
    phone: str
    email: str
    large_print: bool
    formats: list[str]
    helper: str
    contact_times: str = ""
    script: str = ""
    # Everything this letter or call carries, oldest first (one envelope, one call a day; see bundles.py),
    # and what it no longer needs to say, with why.
    messages: list[Message] = field(default_factory=list)
    withdrawn: list[Message] = field(default_factory=list)


def _task_rows(tasks: QuerySet[OrganiserTask]) -> list[TaskRow]:
    format_labels = dict(Format.choices)
    rows = []
    rows_in = list(tasks)
    # What apps above add to call scripts (support contacts, ground rules), read once for every call.
    calls = [m for t in rows_in if t.kind == TaskKind.CALL for m in (list(t.carried.all()) or [t.message])]
    extras = spoken_parts_for(calls) if calls else {}
    for task in rows_in:
        carried = sorted(task.carried.all(), key=lambda m: (m.created_at, m.pk)) or [task.message]
        live = (
            [m for m in carried if m.status in WAITING_FOR_ORGANISER]
            or [m for m in carried if m.status not in STOPPED_STATUSES]
            or carried[:1]
        )
        message = live[0]
        person = message.recipient if message.recipient_id else None
        profile: CommunicationProfile | None = getattr(person, "profile", None) if person else None
        formats = list(profile.formats) if profile else []
        helper = ""
        if profile and profile.helper_name:
            helper = (
                f"{profile.helper_name} ({profile.helper_contact})" if profile.helper_contact else profile.helper_name
            )
        rows.append(
            TaskRow(
                task=task,
                message=message,
                person_name=message.recipient_name,
                postal_address=profile.postal_address if profile else "",
                phone=profile.phone if profile else "",
                email=message.email_address,
                large_print=Format.LARGE_PRINT.value in formats,
                formats=[str(format_labels[f]) for f in formats if f in format_labels],
                helper=helper,
                contact_times=window_text(profile) if profile else "",
                script=call_script_for(live, extras=extras)
                if task.kind == TaskKind.CALL
                else "",  # one call: one hello
                messages=live,
                withdrawn=[m for m in carried if m.status in STOPPED_STATUSES],
            )
        )
    return rows


def _task_queryset() -> QuerySet[OrganiserTask]:
    return OrganiserTask.objects.select_related(
        "message", "message__recipient", "message__recipient__profile", "message__organiser"
    ).prefetch_related(
        Prefetch("carried", queryset=Message.objects.select_related("recipient", "recipient__profile", "organiser"))
    )


def open_tasks_for(*, user: User, kind: str | None = None) -> list[TaskRow]:
    """The open tasks given to this organiser (of one kind, if given), oldest first, with address and phone.

    Only tasks of organisations where they hold an admin or organiser role now (``notifications.access``).
    Each row lists every message its letter or call carries. Two queries whatever the number of tasks, plus
    what apps above add to call scripts when there are calls (``letter_parts.spoken_parts_for``: two for support
    contacts, two for ground rules).
    """
    tasks = _task_queryset().filter(visible_tasks_q(user.pk), status=TaskStatus.OPEN)
    if kind:
        tasks = tasks.filter(kind=kind)
    return _task_rows(tasks.order_by("created_at", "id"))


def letter_queue_for(*, user: User) -> list[TaskRow]:
    """Letters this organiser has to print and post, oldest first, one per envelope (two queries)."""
    return open_tasks_for(user=user, kind=TaskKind.POST)


def call_tasks_for(*, user: User) -> list[TaskRow]:
    """Calls this organiser has to make, one per person a day, with scripts and when they take calls (two queries)."""
    return open_tasks_for(user=user, kind=TaskKind.CALL)


def task_counts_for(*, user: User) -> dict[str, int]:
    """How many open tasks of each kind this organiser has (one query)."""
    counts = {kind.value: 0 for kind in TaskKind}
    rows = OrganiserTask.objects.filter(visible_tasks_q(user.pk), status=TaskStatus.OPEN).values_list("kind", flat=True)
    for kind in rows:
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def letters_to_print(*, user: User, task_id: int | None = None) -> list[tuple[OrganiserTask, LetterContent]]:
    """The letters (one envelope, or all open ones) this organiser may print, ready for the PDF (two queries).

    One pair for each envelope: its letter holds every message the envelope carries, in order, under one
    name and address (``letters.content_for`` with a list).
    """
    tasks = _task_queryset().filter(visible_tasks_q(user.pk), kind=TaskKind.POST)
    tasks = tasks.filter(pk=task_id) if task_id is not None else tasks.filter(status=TaskStatus.OPEN)
    return [
        (row.task, content_for(row.messages or [row.message])) for row in _task_rows(tasks.order_by("created_at", "id"))
    ]


@dataclass
class PreferenceView:
    channels: list[str]
    digest: str
    digest_day: str
    contact_times: str
    #: The person's own communication profile (None before they have one), for the preferences form.
    profile: CommunicationProfile | None = None


def preference_for(*, user: User) -> PreferenceView:
    """A person's channels (from their profile) and how often they want messages (two queries)."""
    profile = CommunicationProfile.objects.filter(user=user).first()
    preference = DeliveryPreference.objects.filter(user=user).first()
    return PreferenceView(
        channels=list(profile.channels) if profile else [],
        digest=preference.digest if preference else DigestChoice.IMMEDIATE,
        digest_day=preference.digest_day if preference else "mon",
        contact_times=window_text(profile) if profile else "",
        profile=profile,
    )


def task_for(*, user: User, task_id: int) -> OrganiserTask:
    """One of this organiser's tasks, or 404."""
    return get_object_or_404(
        OrganiserTask.objects.select_related("message").filter(visible_tasks_q(user.pk)), pk=task_id
    )


@dataclass
class DeliveryStatusRow:
    """One line of "who got this message and how"."""

    message: Message
    person_name: str
    status: str
    status_label: str
    channel_used: str
    attempts: int
    last_error: str
    task: OrganiserTask | None
    route: list[str] = field(default_factory=list)
    fell_back: bool = False
    waiting_until: object = None

    @property
    def stopped(self) -> bool:
        """Not sent on purpose: no longer needed, or too late to be useful. ``message.stop_reason`` says why."""
        return self.status in STOPPED_STATUSES

    @property
    def needs_attention(self) -> bool:
        return self.status == MessageStatus.FAILED or (
            self.task is not None and self.task.status == TaskStatus.OPEN and self.task.kind == TaskKind.NO_CHANNEL
        )

    @property
    def reached(self) -> bool:
        return self.status in DONE_STATUSES


# What a delivery list draws of each message, its tasks and its deliveries (``_status_rows(..., shown_only=True)``).
_SHOWN_MESSAGE_FIELDS = (
    "status", "to_email", "channel_used", "attempts", "last_error", "next_attempt_at", "stop_reason",
    "recipient", "recipient__full_name", "recipient__email", "digest", "digest__status",
    "carried_by", "carried_by__kind", "carried_by__status", "carried_by__result",
)  # fmt: skip
_SHOWN_TASK_FIELDS = ("message", "kind", "status", "result", "created_at")
_SHOWN_DELIVERY_FIELDS = ("message", "channel", "outcome", "gave_up")


def _status_rows(messages: QuerySet[Message] | list[Message], *, shown_only: bool = False) -> list[DeliveryStatusRow]:
    """Turn messages into rows: three queries (the messages with recipient, digest and carrying task;
    their tasks; their deliveries), whatever the number; two when ``messages`` is a list already read with
    them. ``shown_only``: read only what the delivery list's cells show (``notifications/includes/
    status_cell.html`` and ``how_cell.html``); the rows' messages and tasks then hold only those fields."""
    if isinstance(messages, list):
        loaded = messages
    else:
        messages = messages.select_related("recipient", "digest", "carried_by")
        loaded = list(messages.only(*_SHOWN_MESSAGE_FIELDS) if shown_only else messages)
    ids = [message.pk for message in loaded]
    found_tasks: list[OrganiserTask] = []
    found_deliveries: list[Delivery] = []
    if ids and shown_only:  # only what the cells show, read by hand-written SQL (delivery_sql.of_messages)
        found_tasks = delivery_sql.of_messages(OrganiserTask, ids, _SHOWN_TASK_FIELDS, ("created_at", "id"))
        found_deliveries = delivery_sql.of_messages(Delivery, ids, _SHOWN_DELIVERY_FIELDS, ("id",))
    elif ids:
        found_tasks = list(OrganiserTask.objects.filter(message_id__in=ids).order_by("created_at", "id"))
        found_deliveries = list(Delivery.objects.filter(message_id__in=ids).order_by("id"))
    # Grouped by hand rather than with prefetch_related: the same two queries, without a related
    # manager made for every message.
    tasks: dict[int, list[OrganiserTask]] = {}
    deliveries: dict[int, list[Delivery]] = {}
    for task in found_tasks:
        tasks.setdefault(task.message_id, []).append(task)
    for delivery in found_deliveries:
        deliveries.setdefault(delivery.message_id, []).append(delivery)
    # Labels looked up once: get_FOO_display() translates every choice again for each row.
    channel_labels = {value: str(label) for value, label in Channel.choices}
    outcome_labels = {value: str(label) for value, label in DeliveryOutcome.choices}
    status_labels = {value: str(label) for value, label in MessageStatus.choices}
    rows = []
    for message in loaded:
        its_tasks = tasks.get(message.pk, [])
        its_deliveries = deliveries.get(message.pk, [])
        route: list[str] = []
        for delivery in its_deliveries:
            step = f"{channel_labels.get(delivery.channel, delivery.channel)}: {outcome_labels.get(delivery.outcome)}"
            if not route or route[-1] != step:
                route.append(step)
        tried = [d.channel for d in its_deliveries if d.outcome != DeliveryOutcome.SKIPPED]
        status, label = message.status, status_labels.get(message.status, message.status)
        if message.status == MessageStatus.IN_DIGEST and message.digest is not None:
            label = _("In a round-up: %(status)s") % {"status": message.digest.get_status_display()}
        rows.append(
            DeliveryStatusRow(
                message=message,
                person_name=message.recipient_name,
                status=status,
                status_label=label,
                channel_used=channel_labels.get(message.channel_used, message.channel_used),
                attempts=message.attempts,
                last_error=message.last_error,
                task=message.carried_by or (its_tasks[-1] if its_tasks else None),
                route=route,
                fell_back=len(set(tried)) > 1 or any(d.gave_up for d in its_deliveries),
                waiting_until=message.next_attempt_at if message.status == MessageStatus.WAITING else None,
            )
        )
    return rows


def _with_prefix(idempotency_key_prefix: str) -> QuerySet[Message]:
    """Messages whose key starts with the prefix, found through the unique index on the key.

    PostgreSQL answers LIKE 'prefix%' from the pattern index Django adds beside a unique CharField.
    SQLite cannot use an index for LIKE ... ESCAPE, so there the key is also bounded by a range (keys
    compare byte by byte there, so every key with the prefix lies in it); startswith keeps it exact.
    """
    matching = Message.objects.filter(idempotency_key__startswith=idempotency_key_prefix)
    last = idempotency_key_prefix[-1]
    if connection.vendor == "sqlite" and ord(last) < 0x10FFFF:
        after = idempotency_key_prefix[:-1] + chr(ord(last) + 1)
        matching = matching.filter(idempotency_key__gte=idempotency_key_prefix, idempotency_key__lt=after)
    return matching


def delivery_status_for(*, idempotency_key_prefix: str) -> list[DeliveryStatusRow]:
    """Every message whose key starts with this prefix, and how it went (three queries whatever the number).

    The caller checks that the viewer may see these (for example an organiser
    of the project the prefix belongs to). End the prefix with a separator
    ("announcement:42:") so announcement 42 does not also match 420. For a list
    that can grow past a screenful, use ``delivery_report`` (a summary and one page).
    """
    if not idempotency_key_prefix:
        return []
    return _status_rows(_with_prefix(idempotency_key_prefix).order_by("recipient__full_name", "to_email", "id"))


# The order of the delivery list: what needs an organiser first (could not send, passed to an
# organiser), then what has not gone yet, then what stopped on purpose, then what reached the person.
PROBLEM_STATUSES = (MessageStatus.FAILED, MessageStatus.TASK)
STATUS_GROUPS = (
    PROBLEM_STATUSES,
    tuple(status for status in NOT_GONE_STATUSES if status not in PROBLEM_STATUSES),
    STOPPED_STATUSES,
    DONE_STATUSES,
)
STATUS_ORDER = tuple(status for group in STATUS_GROUPS for status in group)
DELIVERY_PAGE_SIZE = 50


@dataclass
class StatusCount:
    """How many messages are in one status (``status`` is a MessageStatus value)."""

    status: str
    label: str
    count: int

    @property
    def is_problem(self) -> bool:
        return self.status in PROBLEM_STATUSES

    @property
    def reached(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def stopped(self) -> bool:
        return self.status in STOPPED_STATUSES


@dataclass
class DeliveryReport:
    """How a message to many people went: counts per status and per channel, and one page of people.

    ``rows`` is one page (``DELIVERY_PAGE_SIZE``) of the messages, problems first (could not send,
    passed to an organiser), then not gone yet, then stopped on purpose, then reached; by name within
    each. ``status`` is the status the list is narrowed to ("" for all); ``shown`` is how many
    messages the (narrowed) list has in all. Each row's ``message`` (and ``task``) holds only what the
    list's cells show: its status, address, way, tries, error, next try and why it stopped.
    """

    total: int
    problems: int
    by_status: list[StatusCount]
    by_channel: list[tuple[str, int]]
    status: str
    shown: int
    page: int
    rows: list[DeliveryStatusRow]

    @property
    def status_label(self) -> str:
        """The name of the status the list is narrowed to ("" when it shows everyone)."""
        return next((line.label for line in self.by_status if line.status == self.status), "")


def _page_reach(statuses: dict[str, int], start: int, size: int) -> tuple[tuple[str, ...], int]:
    """Which statuses the rows ``start`` to ``start + size`` of the delivery list can have, and how many rows
    come before the first of them, from how many messages have each status (``{status: count}``).

    The list is ranked by ``STATUS_GROUPS`` first, so a page only reaches the groups that overlap it: the
    first page of an announcement with problems reads and sorts only the problems (issue 19).
    """
    rank = {str(value): index for index, group in enumerate(STATUS_GROUPS) for value in group}
    by_rank: dict[int, list[str]] = {}
    for value, count in statuses.items():
        if count > 0:
            by_rank.setdefault(rank.get(value, len(STATUS_GROUPS)), []).append(value)
    reaching: list[str] = []
    before = passed = 0
    for index in sorted(by_rank):
        values = sorted(by_rank[index])
        count = sum(statuses[value] for value in values)
        if passed + count <= start:
            before = passed = passed + count
        elif passed < start + size:
            reaching += values
            passed += count
    return tuple(reaching), before


def delivery_report(*, idempotency_key_prefix: str, status: str = "", page: int = 1) -> DeliveryReport:
    """The summary and one page of "who got it, and how" for the messages whose key starts with the prefix.

    Three queries for the page's rows (messages, their tasks, their deliveries) and one for the
    counts, whatever the number of messages. ``status`` narrows the list to one MessageStatus value
    (anything else means all). ``page`` counts from 1; a page past the last gives no rows (the view
    answers 404). The caller checks that the viewer may see these, as for ``delivery_status_for``.
    """
    status_labels = dict(MessageStatus.choices)
    channel_labels = dict(Channel.choices)
    status = status if status in status_labels else ""
    if not idempotency_key_prefix:
        return DeliveryReport(0, 0, [], [], status, 0, page, [])
    groups = tuple(tuple(str(value) for value in group) for group in STATUS_GROUPS)
    by_sql = delivery_sql.usable(idempotency_key_prefix)  # hand-written SQL (notifications/delivery_sql.py)
    matching = _with_prefix(idempotency_key_prefix)
    if by_sql:
        counted = delivery_sql.counts(idempotency_key_prefix, groups)
    else:
        counted = [
            (row["status"], row["channel_used"], row["n"])
            for row in matching.order_by().values("status", "channel_used").annotate(n=Count("id"))
        ]
    statuses: dict[str, int] = {}
    channels: dict[str, int] = {}
    for state, channel, n in counted:
        statuses[state] = statuses.get(state, 0) + n
        if channel:
            channels[channel] = channels.get(channel, 0) + n
    rank: dict[str, int] = {str(value): index for index, value in enumerate(STATUS_ORDER)}
    by_status = [
        StatusCount(value, str(status_labels.get(value, value)), count)
        for value, count in sorted(statuses.items(), key=lambda item: rank.get(item[0], len(rank)))
    ]
    by_channel = [
        (str(channel_labels.get(value, value)), count)
        for value, count in sorted(channels.items(), key=lambda item: (-item[1], item[0]))
    ]
    total = sum(statuses.values())
    shown = statuses.get(status, 0) if status else total
    start = (max(page, 1) - 1) * DELIVERY_PAGE_SIZE
    rows: list[DeliveryStatusRow] = []
    if start < shown and by_sql:
        counted_here = {status: shown} if status else statuses
        reaching, before = _page_reach(counted_here, start, DELIVERY_PAGE_SIZE)
        found = delivery_sql.page(
            idempotency_key_prefix, groups, statuses=reaching, offset=start - before, limit=DELIVERY_PAGE_SIZE
        )
        rows = _status_rows(found, shown_only=True)
    elif start < shown:
        narrowed = matching.filter(status=status) if status else matching
        order = Case(
            *[When(status__in=group, then=Value(index)) for index, group in enumerate(STATUS_GROUPS)],
            default=Value(len(STATUS_GROUPS)),
            output_field=IntegerField(),
        )
        messages = narrowed.order_by(order, "recipient__full_name", "to_email", "id")
        rows = _status_rows(messages[start : start + DELIVERY_PAGE_SIZE], shown_only=True)
    return DeliveryReport(
        total=total,
        problems=sum(statuses.get(value, 0) for value in PROBLEM_STATUSES),
        by_status=by_status,
        by_channel=by_channel,
        status=status,
        shown=shown,
        page=page,
        rows=rows,
    )
