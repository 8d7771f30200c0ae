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

import uuid

from django.core.cache import cache
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


# --- The organisation page's drawn copy ------------------------------------------------------------
#
# The organisation's health page is drawn from the nightly snapshots and the projects' names and states
# alone, so its drawn copy stays good until one of those changes (or the London day turns, which moves the
# months). Each organisation has a version in the cache; a change gives it a new one, and the page keeps its
# copy under the version it was drawn from. The version changes at once and again when the write is kept,
# so a page drawn between the two (from what was there before) is never kept under the new version.

ORGANISATION_VERSION_KEY = "health:organisation-version:{organisation_id}"


def organisation_version(organisation_id: int) -> str:
    """The version of ``organisation_id``'s health page data (an opaque string; a new one if none is kept)."""
    key = ORGANISATION_VERSION_KEY.format(organisation_id=organisation_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or "lost"
    return version


def organisation_changed(organisation_id: int | None) -> None:
    """Give the organisation's health page data a new version now, and again once the write is kept."""
    if organisation_id is None:
        return
    key = ORGANISATION_VERSION_KEY.format(organisation_id=organisation_id)

    def renew() -> None:
        cache.set(key, uuid.uuid4().hex, None)

    renew()
    transaction.on_commit(renew)


def note_organisation_change(sender, instance, raw: bool = False, **kwargs) -> None:
    """Signal receiver (saves and deletes of projects, organisations and snapshots): a new version of the
    organisation's health page data. The nightly job's own writes (``bulk_create``) call
    ``organisation_changed`` themselves."""
    if raw:
        return
    from roundtable.health.models import HealthSnapshot
    from roundtable.projects.models import Organisation, Project

    if isinstance(instance, Organisation):
        organisation_changed(instance.pk)
    elif isinstance(instance, Project):
        organisation_changed(instance.organisation_id)
    elif isinstance(instance, HealthSnapshot):
        organisation_changed(
            Project.objects.filter(pk=instance.project_id).values_list("organisation_id", flat=True).first()
        )


# --- The organisation page's summaries of each project's snapshots ----------------------------------
#
# The nightly job keeps a project's summary as it writes its snapshots (``services._take``). A snapshot saved
# or deleted one at a time (by hand, in tests; a project deleted with its history) drops the summary at once,
# in the write's transaction, and keeps it again once the write is kept: a page that worked one out from
# what was there before and kept it in between is replaced then. Writes that send no signal are not seen
# (as for the drawn copy above).

# Project id -> the list of callbacks of the transaction that will keep its summary again: one per project
# and transaction, however many of its snapshots it writes (a new transaction has a new list).
_summary_pending: dict[int, list] = {}


def note_snapshot_change(sender, instance, raw: bool = False, **kwargs) -> None:
    """Signal receiver (saves and deletes of snapshots): drop the project's kept summary now, and work it out
    and keep it again once the write is kept."""
    if raw:
        return
    from django.db import DEFAULT_DB_ALIAS, connections

    from roundtable.health.services import summaries_keep, summary_forget

    project_id = instance.project_id
    summary_forget(project_id)
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        if _summary_pending.get(project_id) is connection.run_on_commit:
            return
        _summary_pending[project_id] = connection.run_on_commit

    def keep() -> None:
        _summary_pending.pop(project_id, None)
        summaries_keep([project_id])

    transaction.on_commit(keep)
