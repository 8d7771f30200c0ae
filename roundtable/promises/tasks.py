"""Background tasks. Thin: each calls a service. Pass ids, never objects."""

from __future__ import annotations

from django_tasks import task

from roundtable.promises import services


@task()
def organisation_export_build(*, export_id: int) -> str:
    """Build the zip of everything an organisation holds and tell the admin who asked
    (services.organisation_export_build)."""
    return services.organisation_export_build(export_id=export_id)
