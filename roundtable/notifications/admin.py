"""Site administration for the outbox: read-only views to see what happened to a message."""

from __future__ import annotations

from django.contrib import admin

from roundtable.notifications.models import Delivery, Message, OrganiserTask


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "attempt", "outcome", "error", "gave_up", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "to_email", "kind", "status", "channel_used", "attempts", "created_at"]
    list_filter = ["status", "kind", "channel_used"]
    search_fields = ["subject", "idempotency_key", "to_email", "recipient__full_name", "recipient__email"]
    raw_id_fields = ["recipient", "sender", "organiser"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]
    readonly_fields = [
        "idempotency_key",
        "status",
        "attempts",
        "next_attempt_at",
        "enqueued_at",
        "sending_since",
        "channel_used",
        "last_error",
        "created_at",
        "sent_at",
        "read_at",
    ]


@admin.register(OrganiserTask)
class OrganiserTaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assignee", "kind", "status", "created_at", "done_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["assignee", "message", "done_by"]
    list_select_related = ["message", "assignee"]
    readonly_fields = ["created_at", "done_at", "done_by"]
