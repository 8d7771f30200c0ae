"""Every write about meetings, agendas, papers, polls, attendance and calendars.

Keyword-only functions named ``<thing>_<verb>``, each in one transaction, taking the acting person.
Messages go through ``notifications.services.message_queue`` with idempotency keys:

* ``meeting:<id>:scheduled:<user>``              the meeting is booked (with a calendar invitation link)
* ``meeting:<id>:changed:<sequence>:<user>``      the time or place changed (urgent if on the day)
* ``meeting:<id>:cancelled:<user>``               cancelled (urgent if on the day)
* ``meeting:<id>:papers:<first paper id>:<user>`` papers released
* ``meeting:<id>:reminder:<lead>:<start>:<user>`` a reminder at the person's own lead time
* ``meeting:<id>:formats-missing:<user>``         the organiser: someone needs a format no paper has
* ``poll:<id>:opened:<user>``                     please say when you can come

Every message about a meeting has the topic ``meeting:<id>:notice`` (papers: ``meeting:<id>:papers``),
the project's scope, and is useful until the meeting starts. News withdraws what has not gone yet
(``notifications.services.messages_withdraw``): a change replaces the older notices and reminders, a
cancellation ends everything about the meeting except the cancellation itself.

Split by meaning; import from here (``from roundtable.meetings.services import meeting_create``):

* ``common``: the fields a change is news for, message topics, the meeting's addresses.
* ``scheduling``: book, change and cancel a meeting, and tell everyone invited.
* ``agenda``: agenda items and the agenda's settings.
* ``papers``: add and remove papers, release them in each person's formats.
* ``attendance``: record the register (claims are drafted from it through ``meetings.hooks``).
* ``polls``: availability polls, answers, scheduling from an option, closing.
* ``calendars``: a person's feed address and reminder lead times.
* ``reminders``: the worker's jobs: reminders due, warnings of missing formats.

Reads live in ``meetings.selectors`` (``invitees``, ``attendance_people``) and the paper notice rule in
``meetings.notice`` (``notice_days_for``, ``release_deadline``); they are re-exported here so older
imports keep working.
"""

from roundtable.meetings.notice import notice_days_for, release_deadline
from roundtable.meetings.selectors import Invitee, attendance_people, invitees
from roundtable.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_settings_set,
)
from roundtable.meetings.services.attendance import (
    AttendanceRow,
    attendance_record,
)
from roundtable.meetings.services.calendars import (
    calendar_reminders_set,
    calendar_settings_for,
    calendar_token_reset,
)
from roundtable.meetings.services.common import (
    MEETING_FIELDS,
    NEWS_FIELDS,
    URGENT_WITHIN,
    meeting_ics_url,
    meeting_url,
    notice_topic,
    papers_topic,
)
from roundtable.meetings.services.papers import (
    paper_add,
    paper_remove,
    papers_release,
)
from roundtable.meetings.services.polls import (
    poll_answer,
    poll_close,
    poll_create,
    poll_schedule,
)
from roundtable.meetings.services.reminders import (
    MAX_LEAD,
    formats_missing_warn,
    reminder_moment,
    reminders_send_due,
)
from roundtable.meetings.services.scheduling import (
    meeting_cancel,
    meeting_create,
    meeting_update,
)

__all__ = [
    "AttendanceRow",
    "Invitee",
    "MAX_LEAD",
    "MEETING_FIELDS",
    "NEWS_FIELDS",
    "URGENT_WITHIN",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_settings_set",
    "attendance_people",
    "attendance_record",
    "calendar_reminders_set",
    "calendar_settings_for",
    "calendar_token_reset",
    "formats_missing_warn",
    "invitees",
    "meeting_cancel",
    "meeting_create",
    "meeting_ics_url",
    "meeting_update",
    "meeting_url",
    "notice_days_for",
    "notice_topic",
    "paper_add",
    "paper_remove",
    "papers_release",
    "papers_topic",
    "poll_answer",
    "poll_close",
    "poll_create",
    "poll_schedule",
    "release_deadline",
    "reminder_moment",
    "reminders_send_due",
]
