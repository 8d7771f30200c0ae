"""Old audit rows get the organisation their object belongs to, so they show in its audit log."""

from django.conf import settings
from django.db import migrations

from roundtable.promises.audit_backfill import audit_organisations_fill


def fill(apps, schema_editor):
    audit_organisations_fill(apps, user_label=settings.AUTH_USER_MODEL.lower())


class Migration(migrations.Migration):
    # Every app below whose models an audit row may name, at its state when this was written.
    dependencies = [
        ("promises", "0002_organisation_export"),
        ("audit", "0003_organisation_kind"),
        ("accounts", "0001_initial"),
        ("notifications", "0004_merge_privacy_outbox"),
        ("projects", "0005_support_contacts"),
        ("glossary", "0001_initial"),
        ("meetings", "0005_content_notes"),
        ("updates", "0001_initial"),
        ("payments", "0004_money_guard_corrections_runs"),
        ("feedback", "0005_merge_content_notes_named_replies"),
        ("credits", "0002_types"),
        ("decisions", "0003_proposals_and_round_tables"),
        ("safety", "0001_initial"),
        ("stories", "0001_initial"),
        ("conversation", "0001_initial"),
        ("replies", "0001_initial"),
        ("health", "0002_report_drafts"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
