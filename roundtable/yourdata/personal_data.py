"""This app's own part of the plan of personal data: the downloads a person asked for."""

from roundtable.lib.personal_data import DELETE, Entry, register

register(
    Entry(
        "yourdata.DataRequest",
        person=("person",),
        actors=("asked_by",),
        export="data_requests",
        fields=("id", "status", "created_at", "ready_at", "expires_at"),
        erase=DELETE,
        words="The copies of your data you asked for",
    )
)
