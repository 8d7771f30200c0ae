"""Background tasks. Thin: each calls a service. Pass ids, never objects."""

from __future__ import annotations

from django_tasks import task

from roundtable.yourdata import services


@task()
def data_request_build(*, request_id: int) -> str:
    """Build the zip for one data request and tell the person (services.data_request_build)."""
    return services.data_request_build(request_id=request_id)
