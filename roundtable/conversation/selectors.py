"""Reads of the project conversation, with their query counts (pinned in tests/test_queries.py).

Pages never count or join per row: a topic keeps its own ``reply_count`` and ``last_active_at`` (services
write them), topics and replies are read a page at a time with one more row to learn whether a next page
exists, and everyone a page names comes in the same query (``select_related``).
"""

from __future__ import annotations

from dataclasses import dataclass

from roundtable.conversation.models import Reply, Topic

TOPICS_PAGE_SIZE = 30
REPLIES_PAGE_SIZE = 50


@dataclass
class Page:
    items: list
    number: int
    previous: int | None
    next: int | None
    last: int


def topic_page(*, project, page: int) -> Page:
    """One page of the project's topics, most recently active first (1 query, any number of topics)."""
    size = TOPICS_PAGE_SIZE
    rows = list(
        Topic.objects.filter(project=project)
        .select_related("started_by")
        .order_by("-last_active_at", "-id")[(page - 1) * size : page * size + 1]
    )
    more = len(rows) > size
    return Page(items=rows[:size], number=page, previous=page - 1 if page > 1 else None,
                next=page + 1 if more else None, last=page + 1 if more else page)  # fmt: skip


def last_reply_page(topic: Topic) -> int:
    """The page holding the newest reply, from the topic's own count (no query)."""
    return max(1, -(-topic.reply_count // REPLIES_PAGE_SIZE))


def reply_page(*, topic: Topic, page: int) -> Page:
    """One page of a topic's replies, oldest first, with authors, proxies and who hid them (1 query)."""
    size = REPLIES_PAGE_SIZE
    last = last_reply_page(topic)
    page = min(page, last)
    rows = list(
        Reply.objects.filter(topic=topic)
        .select_related("author", "entered_by", "hidden_by")
        .order_by("id")[(page - 1) * size : page * size]
    )
    return Page(items=rows, number=page, previous=page - 1 if page > 1 else None,
                next=page + 1 if page < last else None, last=last)  # fmt: skip


def replies_after(*, topic: Topic, after_id: int, limit: int = REPLIES_PAGE_SIZE) -> list[Reply]:
    """Replies newer than ``after_id`` (for the page's refresh every 20 seconds), oldest first (1 query)."""
    return list(
        Reply.objects.filter(topic=topic, pk__gt=after_id)
        .select_related("author", "entered_by", "hidden_by")
        .order_by("id")[:limit]
    )


def topic_for_message_topic(value: str) -> Topic | None:
    """The topic an outbox message is about, from its ``topic`` ("conversation:topic:<pk>"), or None.

    For inbound replies: a reply to any conversation message names its topic this way (1 query)."""
    prefix = "conversation:topic:"
    if not value or not value.startswith(prefix):
        return None
    rest = value[len(prefix) :].split(":", 1)[0]
    if not rest.isdigit():
        return None
    return Topic.objects.select_related("project__organisation").filter(pk=int(rest)).first()


def topic_for_reference(text: str) -> Topic | None:
    """The topic a person named by its reference ("T42", "t 42"), or None (1 query at most)."""
    cleaned = (text or "").strip().upper().replace(" ", "").lstrip("T")
    if not cleaned.isdigit():
        return None
    return Topic.objects.select_related("project__organisation").filter(pk=int(cleaned)).first()


def project_panel_data(*, project, access, user) -> dict:
    """The project page's link to the conversation. No query, so the project page's count stays as it is."""
    return {"project": project}
