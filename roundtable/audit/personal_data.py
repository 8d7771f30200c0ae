"""The audit app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import KEEP, NOTHING, Entry, register

register(
    Entry(
        "audit.AuditEvent",
        person=("subject",),
        actors=("actor",),
        export="audit_about_you",
        fields=("id", "created_at", "action", "actor__full_name", "by_proxy", "object_type", "object_id", "summary"),
        erase=KEEP,
        retention="audit",
        words="What people did to you or for you, and who looked at your private records",
    ),
    Entry("audit.OnceKey", erase=NOTHING),
)
