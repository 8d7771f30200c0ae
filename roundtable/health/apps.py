from django.apps import AppConfig


class HealthConfig(AppConfig):
    """The co-production health check: the ten signs of tokenism measured from the record (docs/health.md)."""

    name = "roundtable.health"
    label = "health"

    def ready(self) -> None:
        from roundtable.health.registry import discover
        from roundtable.health.services import snapshots_take_due
        from roundtable.lib import periodic

        # Every module in health/signs/ registers one sign, every module in health/recommendations/ one or
        # more recommendations; importing them here keeps the registry complete without a shared list.
        discover()
        # Every pass: takes each London day that has ended and has no snapshot yet (a bounded number a pass)
        # and alerts once when a sign turns "at risk"; when all is up to date it is one query.
        periodic.register("health.snapshots", snapshots_take_due)
