from django.contrib import admin

from roundtable.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "subject", "by_proxy", "summary"]
    list_filter = ["action", "by_proxy"]
    search_fields = ["summary", "actor__email", "subject__email"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
