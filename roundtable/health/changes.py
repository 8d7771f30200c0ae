"""Seeing that a project's record changed, so its kept health measurement is shown as stale
(docs/health.md, "The kept measurement").

``HealthConfig.ready()`` connects ``note_record_change`` to every model's ``post_save``. A row that belongs to
a project (it has a ``project_id``, or is the project itself) marks that project's kept measurements stale
once its transaction is kept (``health.services.record_changed``, one query; nothing when the transaction
is rolled back). The health check's own rows are left out. Not seen: writes that send no signal
(``bulk_create``, ``update``), deletes (listening to every delete would stop Django deleting many rows at
once without reading them first) and rows with no project of their own (a vote). The measurement's age
limit (``selectors.MEASUREMENT_FRESH``) covers those.
"""

from __future__ import annotations

from django.db import transaction

IGNORED_APPS = {"health", "sessions", "admin", "contenttypes", "auth", "audit"}


def _project_id(instance) -> int | None:
    from roundtable.projects.models import Project

    if isinstance(instance, Project):
        return instance.pk
    return getattr(instance, "project_id", None)


def note_record_change(sender, instance, raw: bool = False, **kwargs) -> None:
    """Signal receiver: after the write is kept, mark the kept measurements of ``instance``'s project stale."""
    if raw or sender._meta.app_label in IGNORED_APPS:
        return
    project_id = _project_id(instance)
    if not isinstance(project_id, int):
        return

    def mark() -> None:
        from roundtable.health.services import record_changed

        record_changed(project_id)

    transaction.on_commit(mark)
