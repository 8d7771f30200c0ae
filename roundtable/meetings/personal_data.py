"""The meetings app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md)."""

from roundtable.lib.personal_data import DELETE, NOTHING, Entry, register

register(
    Entry(
        "meetings.Meeting",
        actors=("created_by", "attendance_recorded_by"),
        erase=NOTHING,
        not_a_person=("venue_name", "venue_address"),
    ),
    Entry("meetings.Paper", actors=("uploaded_by",), erase=NOTHING, not_a_person=("original_name",)),
    Entry(
        "meetings.PaperRecipient",
        person=("user",),
        export="papers_sent_to_you",
        fields=("paper__title", "paper__meeting__title", "released_at", "is_late"),
        words="Meeting papers sent to you, and whether they were late",
    ),
    Entry(
        "meetings.Attendance",
        person=("user",),
        actors=("recorded_by",),
        export="attendance",
        fields=("meeting__title", "meeting__starts_at", "role", "status", "mode", "arrived_at", "left_at"),
        erase=DELETE,
        words="Meetings you came to",
    ),
    Entry("meetings.Poll", actors=("created_by",), erase=NOTHING, not_a_person=("venue_name",)),
    Entry(
        "meetings.PollAnswer",
        person=("user",),
        actors=("answered_by",),
        export="meeting_time_answers",
        fields=("option__poll__title", "option__starts_at", "answer", "reason", "note", "answered_at"),
        words="Which meeting times suited you",
    ),
    Entry(
        "meetings.CalendarSettings",
        person=("user",),
        export="calendar_settings",
        fields=("reminder_minutes", "reminders_chosen"),
        words="Your calendar reminders",
    ),
    Entry("meetings.SchoolHoliday", erase=NOTHING, not_a_person=("name",)),
    Entry(
        "meetings.ReminderSent",
        person=("user",),
        export="reminders_sent",
        fields=("meeting__title", "lead_minutes", "sent_at"),
        words="Meeting reminders sent to you",
    ),
)
