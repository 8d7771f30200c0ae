from django.apps import AppConfig


class YourDataConfig(AppConfig):
    """Download my data, delete my account, and the retention sweep (docs/your-data.md)."""

    name = "roundtable.yourdata"
    label = "yourdata"

    def ready(self) -> None:
        import datetime as dt

        from django.utils.module_loading import autodiscover_modules

        from roundtable.lib import periodic
        from roundtable.lib.panels import Panel
        from roundtable.notifications.letter_parts import register_letter_parts
        from roundtable.projects.panels import register_proxy_person_panel
        from roundtable.yourdata.letters import summary_enclosure
        from roundtable.yourdata.retention import retention_sweep_count
        from roundtable.yourdata.selectors import proxy_person_panel
        from roundtable.yourdata.services import data_requests_build_stuck

        # On the page of someone added by proxy, admins see the way to delete their account on their request.
        register_proxy_person_panel(
            Panel(key="yourdata", order=50, template="yourdata/panels/proxy_person.html", data=proxy_person_panel)
        )
        # Every app's personal_data.py adds its entries to the plan (lib/personal_data.py).
        autodiscover_modules("personal_data")
        # A letter saying "your data is ready" carries the printed summary for the organiser to post.
        register_letter_parts(summary_enclosure)
        # Each hour: remove what is past its retention period and downloads whose link has run out.
        periodic.register("yourdata.retention", retention_sweep_count, every=dt.timedelta(hours=1))
        # Every few minutes: a copy still waiting long after it was asked for is built here.
        periodic.register("yourdata.stuck_downloads", data_requests_build_stuck, every=dt.timedelta(minutes=5))
