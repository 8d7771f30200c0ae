"""The conversation app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

A person's replies go when they delete their account. A topic they started stays for the replies under it,
with their name and words taken off.
"""

from roundtable.lib.personal_data import ANONYMISE, DELETE, NOTHING, Entry, register

register(
    Entry("conversation.ConversationSettings", actors=("contact",), erase=NOTHING),
    Entry(
        "conversation.Topic",
        person=("started_by",),
        actors=("entered_by",),
        export="conversation_topics",
        fields=("id", "project__title", "title", "body", "channel", "created_at"),
        erase=ANONYMISE,
        clear={"started_by": None, "body": ""},
        words="Topics you started in a project's conversation",
    ),
    Entry(
        "conversation.Reply",
        person=("author",),
        actors=("entered_by", "hidden_by"),
        export="conversation_replies",
        fields=("id", "project__title", "topic__title", "body", "channel", "created_at", "hidden_at", "hidden_reason"),
        erase=DELETE,
        words="Your replies in projects' conversations",
    ),
    Entry(
        "conversation.Report",
        person=("reported_by",),
        export="conversation_reports",
        fields=("reply_id", "reason", "created_at"),
        erase=DELETE,
        words="Replies you reported",
    ),
)
