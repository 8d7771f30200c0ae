from django.contrib import admin

from roundtable.replies.models import InboundReply


@admin.register(InboundReply)
class InboundReplyAdmin(admin.ModelAdmin):
    """Site admins read replies no organisation can be found for (unknown senders to forged addresses)."""

    list_display = ("created_at", "channel", "status", "reason", "sender", "organisation")
    list_filter = ("status", "reason", "channel")
    exclude = ("raw",)
    readonly_fields = [f.name for f in InboundReply._meta.fields if f.name != "raw"]
