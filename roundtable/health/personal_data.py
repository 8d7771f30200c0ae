"""The health check's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import NOTHING, Entry, register

register(Entry("health.ReportDraft", actors=("edited_by",), erase=NOTHING))
