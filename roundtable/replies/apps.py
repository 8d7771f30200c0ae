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
        # Typing in a reply from a letter or a call is one page, /tasks/letters/replies/ (notifications); it
        # asks us which messages take a reply in the person's own words and lands them (replies/proxy.py).
        from roundtable.notifications.replies import register_proxy_replies
        from roundtable.replies.proxy import PROXY_REPLIES

        register_proxy_replies(PROXY_REPLIES)
        # A kept file goes from storage with its row (the reply deleted with the account, or by retention).
        from django.db.models.signals import post_delete

        from roundtable.replies.models import ReplyFile

        post_delete.connect(_forget_file, sender=ReplyFile, dispatch_uid="replies.forget_file")


def _forget_file(sender, instance, **kwargs) -> None:
    """Delete a ``ReplyFile``'s stored file when its row goes."""
    if instance.file:
        instance.file.delete(save=False)
