from django.apps import AppConfig


class RepliesConfig(AppConfig):
    """Answers to our messages by email, text, post and phone (issue 17; docs/replies.md)."""

    name = "roundtable.replies"
    label = "replies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from roundtable.notifications.channels.email import register_reply_address
        from roundtable.replies import addresses, targets, webhooks

        register_reply_address(addresses.reply_address_for_message)
        targets.register_built_in()
        webhooks.connect()
