from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "roundtable.audit"
    label = "audit"

    def ready(self) -> None:
        import datetime as dt

        from roundtable.audit.once import once_keys_clear_old
        from roundtable.lib import periodic

        periodic.register("audit.once_keys_clear", once_keys_clear_old, every=dt.timedelta(hours=1))
