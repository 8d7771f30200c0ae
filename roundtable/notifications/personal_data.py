"""The outbox's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import DELETE, NOTHING, Entry, register

register(
    Entry(
        "notifications.DeliveryPreference",
        person=("user",),
        export="message_settings",
        fields=("digest", "digest_day", "updated_at"),
        words="Whether you get messages one by one or in a round-up",
    ),
    Entry(
        "notifications.Message",
        person=("recipient",),
        actors=("sender", "organiser"),
        match_email=("to_email",),
        export="messages",
        fields=(
            "id",
            "created_at",
            "kind",
            "subject",
            "body",
            "link_url",
            "status",
            "channel_used",
            "sent_at",
            "read_at",
            "attempts",
            "stop_reason",
        ),
        erase=DELETE,
        words="Messages we sent you, and how each one reached you",
    ),
    Entry(
        "notifications.Delivery",
        only=None,
        export="message_deliveries",
        person=("message__recipient",),
        fields=("message_id", "channel", "attempt", "outcome", "error", "gave_up", "created_at"),
        erase=NOTHING,  # goes with its message
        words="Each try to deliver a message to you",
    ),
    Entry(
        "notifications.OrganiserTask",
        person=("message__recipient",),
        actors=("assignee", "done_by"),
        export="letters_and_calls",
        fields=("id", "kind", "status", "created_at", "done_at", "outcome"),
        erase=NOTHING,  # goes with its message
        words="Letters posted to you and phone calls made to you",
    ),
    Entry(
        "notifications.MessageStop",
        person=("recipient",),
        export="messages_stopped",
        fields=("topic", "reason", "created_at"),
        words="Messages stopped because they were no longer true",
    ),
)
