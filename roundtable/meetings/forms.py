"""Forms for meetings, agendas, papers, polls, attendance and calendar settings.

Dates and times are typed as text ("14/03/2027", "8pm" or "20:00"), which works with any keyboard,
screen reader or phone, with no JavaScript. They are joined into Europe/London times here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.lib.dates import clock_text
from roundtable.lib.forms import ClockTimeField, join_on_the_clock
from roundtable.meetings import words
from roundtable.meetings.models import (
    ACCESS_FEATURES,
    REMINDER_CHOICES,
    AgendaItem,
    AttendanceMode,
    AttendanceStatus,
    Availability,
    MeetingFormat,
    PaperFormat,
    Reason,
)
from roundtable.meetings.uploads import ALLOWED_TEXT, MAX_MB, check_upload

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]
DATE_ERRORS = {"required": _("Enter the date"), "invalid": _("Enter a real date, like 14/03/2027")}


def date_field(label, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=kwargs.pop("help_text", _("For example, 14/03/2027")),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off", "inputmode": "numeric"}),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


def time_field(label, required: bool = True, required_text=None) -> ClockTimeField:
    """A time on the London clock; "1:30am GMT" says which, on the night the clocks go back (lib/dates.py)."""
    return ClockTimeField(
        label=label,
        required=required,
        help_text=_("For example, 8pm or 20:00"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={
            "required": required_text or _("Enter the time"),
            "invalid": _("Enter a real time, like 8pm or 20:00"),
        },
    )


if TYPE_CHECKING:
    _FormBase = forms.Form  # the forms this mixes into, so mypy knows cleaned_data and add_error
else:
    _FormBase = object


class CleanTimesMixin(_FormBase):
    """Joins a date and two times; an end before the start, or a time in the past, is said at the field."""

    date_name = "date"
    start_name = "start_time"
    end_name = "end_time"

    def joined_times(self, prefix: str = "", allow_past: bool = False):
        data = self.cleaned_data
        day = data.get(prefix + self.date_name)
        start = data.get(prefix + self.start_name)
        end = data.get(prefix + self.end_name)
        if not (day and start and end):
            return None, None
        starts_at = join_on_the_clock(self, prefix + self.start_name, day, start)
        ends_at = join_on_the_clock(self, prefix + self.end_name, day, end)
        if starts_at is None or ends_at is None:
            return None, None
        if ends_at <= starts_at:
            self.add_error(prefix + self.end_name, _("The end time must be after the start time."))
            return None, None
        if not allow_past and starts_at <= timezone.now():
            self.add_error(
                prefix + self.date_name, _("The meeting must be in the future. Choose a later date or time.")
            )
            return None, None
        return starts_at, ends_at


FORMAT_RADIOS = forms.RadioSelect(attrs={"class": "govuk-radios--small"})


class MeetingForm(CleanTimesMixin, forms.Form):
    title = forms.CharField(label=_("Meeting name"), max_length=200, error_messages={"required": _("Enter a name")})
    purpose = forms.CharField(
        label=_("What the meeting is for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences, in plain words."),
    )
    format = forms.ChoiceField(
        label=_("How people take part"),
        choices=MeetingFormat.choices,
        widget=FORMAT_RADIOS,
        error_messages={"required": _("Choose how people take part")},
    )
    date = date_field(_("Date"))
    start_time = time_field(_("Start time"), required_text=_("Enter the start time"))
    end_time = time_field(_("End time"), required_text=_("Enter the end time"))
    overrun_minutes = forms.IntegerField(
        label=_("Time kept in case you run over, in minutes"),
        min_value=0,
        max_value=120,
        initial=15,
        help_text=_("This time is booked and paid. 15 minutes is usual."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    venue_name = forms.CharField(
        label=_("Place"), required=False, max_length=200, help_text=_("For in-person meetings.")
    )
    venue_address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    access = forms.MultipleChoiceField(
        label=_("Access at the place"),
        choices=[(name, label) for name, label in ACCESS_FEATURES],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    access_notes = forms.CharField(
        label=_("More about access"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example, where the entrance is, or the nearest bus stop."),
    )
    join_url = forms.URLField(
        assume_scheme="https",
        label=_("Joining link"),
        required=False,
        max_length=500,
        help_text=_("For online meetings. It starts with https://"),
        error_messages={"invalid": _("Enter a full web address, starting with https://")},
    )
    dial_in = forms.CharField(label=_("Phone number to join"), required=False, max_length=200)
    notice_days = forms.IntegerField(
        label=_("Days of notice for papers"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Leave empty for 7 days. If someone asked for more notice in their profile, we use that."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def __init__(self, *args, allow_past: bool = False, **kwargs):
        self.allow_past = allow_past
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        starts_at, ends_at = self.joined_times(allow_past=self.allow_past)
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        fmt = data.get("format")
        if fmt in (MeetingFormat.ONLINE, MeetingFormat.HYBRID) and not data.get("join_url"):
            self.add_error("join_url", _("Enter the joining link, so people can join online."))
        if fmt == MeetingFormat.PHONE and not data.get("dial_in"):
            self.add_error("dial_in", _("Enter the phone number people call to join."))
        if fmt in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID) and not data.get("venue_name"):
            self.add_error("venue_name", _("Enter where the meeting is."))
        return data

    def meeting_data(self) -> dict:
        data = self.cleaned_data
        result = {
            k: data[k]
            for k in (
                "title",
                "purpose",
                "format",
                "starts_at",
                "ends_at",
                "overrun_minutes",
                "venue_name",
                "venue_address",
                "access_notes",
                "join_url",
                "dial_in",
                "notice_days",
            )
        }
        result["overrun_minutes"] = result["overrun_minutes"] if result["overrun_minutes"] is not None else 15
        for name, _label in ACCESS_FEATURES:
            result[name] = name in data.get("access", [])
        return result

    @classmethod
    def initial_for(cls, meeting) -> dict:
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "purpose": meeting.purpose,
            "format": meeting.format,
            "date": start.date().strftime("%d/%m/%Y"),
            "start_time": clock_text(start),
            "end_time": clock_text(end),
            "overrun_minutes": meeting.overrun_minutes,
            "venue_name": meeting.venue_name,
            "venue_address": meeting.venue_address,
            "access": [name for name, _label in ACCESS_FEATURES if getattr(meeting, name)],
            "access_notes": meeting.access_notes,
            "join_url": meeting.join_url,
            "dial_in": meeting.dial_in,
            "notice_days": meeting.notice_days,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("We send this to everyone invited."),
    )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "minutes", "lead", "round_the_table", "prepare", "prepare_minutes", "content_note"]
        labels = {
            "title": _("What it is about"),
            "kind": _("Type"),
            "minutes": _("How long, in minutes"),
            "lead": _("Who leads it (optional)"),
            "round_the_table": _("Round the table: ask each person to speak in turn"),
            "prepare": _("What people should prepare (optional)"),
            "prepare_minutes": _("How long that takes, in minutes"),
            "content_note": _("Content note (optional)"),
        }
        help_texts = {
            "prepare_minutes": _("Preparation time is paid, so say how long it really takes."),
            "round_the_table": _("Everyone gets a turn, and nobody has to speak over others."),
            "content_note": _("If it may be hard to talk about, say why in a few words. People can then pass on it."),
        }
        widgets = {
            "kind": forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
            "minutes": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "prepare_minutes": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "prepare": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": _("Enter what the item is about")},
            "minutes": {"required": _("Enter how long it takes, in minutes")},
        }

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if minutes is None or minutes < 1:
            raise forms.ValidationError(_("Enter a number of minutes, 1 or more."))
        if minutes > 480:
            raise forms.ValidationError(_("An item can be at most 8 hours (480 minutes)."))
        return minutes


class AgendaSettingsForm(forms.Form):
    break_every_minutes = forms.IntegerField(
        label=_("Add a break after this many minutes"),
        min_value=0,
        max_value=240,
        help_text=_("For meetings longer than an hour. 0 means no automatic breaks."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    break_minutes = forms.IntegerField(
        label=_("Length of each break, in minutes"),
        min_value=0,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    open_discussion_minutes = forms.IntegerField(
        label=_("Time for open discussion, in minutes"),
        min_value=5,
        max_value=240,
        help_text=_("Time for anyone to raise what matters to them. At least 5 minutes."),
        error_messages={"min_value": _("Keep at least 5 minutes for open discussion.")},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    overrun_minutes = forms.IntegerField(
        label=_("Time kept in case you run over, in minutes"),
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


class PaperForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the paper"), max_length=200, error_messages={"required": _("Enter a name")}
    )
    summary = forms.CharField(
        label=_("What the paper is about"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three short sentences. People see this before they open the paper."),
    )
    content_note = forms.CharField(
        label=_("Content note (optional)"),
        required=False,
        max_length=200,
        help_text=_("If it may be hard to read, say why in a few words, like: talks about a hospital stay."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=PaperFormat.choices,
        initial=PaperFormat.STANDARD,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    version_of = forms.TypedChoiceField(
        label=_("Is this the same paper in another form?"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For example, the Easy Read version of a report."),
    )
    file = forms.FileField(
        label=_("Choose the file"),
        help_text=_("A %(types)s file, up to %(mb)s MB.") % {"types": ALLOWED_TEXT, "mb": MAX_MB},
        error_messages={
            "required": _("Choose a file to upload"),
            "empty": _("The file is empty. Choose another file."),
        },
    )

    def __init__(self, *args, papers=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["version_of"]).choices = [("", _("No, this is a new paper"))] + [
            (p.pk, p.title) for p in papers if p.version_of_id is None
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        error, _content_type = check_upload(upload)
        if error:
            raise forms.ValidationError(error)
        return upload


OPTION_ROWS = 6


class PollForm(CleanTimesMixin, forms.Form):
    """A poll: what the meeting is, and up to six possible dates and times."""

    title = forms.CharField(label=_("Meeting name"), max_length=200, error_messages={"required": _("Enter a name")})
    purpose = forms.CharField(
        label=_("What the meeting is for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    format = forms.ChoiceField(
        label=_("How people take part"),
        choices=MeetingFormat.choices,
        widget=FORMAT_RADIOS,
        error_messages={"required": _("Choose how people take part")},
    )
    venue_name = forms.CharField(
        label=_("Place"), required=False, max_length=200, help_text=_("For in-person meetings.")
    )
    answer_by = date_field(_("Please answer by (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, OPTION_ROWS + 1):
            self.fields[f"o{n}_date"] = date_field(_("Date"), required=False)
            self.fields[f"o{n}_start_time"] = time_field(_("Start time"), required=False)
            self.fields[f"o{n}_end_time"] = time_field(_("End time"), required=False)

    def option_rows(self):
        return [
            (n, self[f"o{n}_date"], self[f"o{n}_start_time"], self[f"o{n}_end_time"]) for n in range(1, OPTION_ROWS + 1)
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        options = []
        for n in range(1, OPTION_ROWS + 1):
            names = [f"o{n}_date", f"o{n}_start_time", f"o{n}_end_time"]
            raw = [self.data.get(name, "").strip() for name in names]
            if not any(raw):
                continue
            missing = [name for name, value in zip(names, raw, strict=True) if not value]
            for name in missing:
                what = {
                    "date": _("Enter the date"),
                    "start_time": _("Enter the start time"),
                    "end_time": _("Enter the end time"),
                }[name.split("_", 1)[1]]
                self.add_error(name, what)
            if missing:
                continue
            starts_at, ends_at = self.joined_times(prefix=f"o{n}_")
            if starts_at:
                options.append((starts_at, ends_at))
        if not options and not self.errors:
            self.add_error("o1_date", _("Add at least one date and time people can choose from."))
        data["options"] = options
        return data

    def poll_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("title", "purpose", "format", "venue_name", "answer_by")}


class PollAnswerForm(forms.Form):
    """One fieldset per option: yes / if need be / no, and an optional reason. No grid, no JavaScript."""

    def __init__(self, *args, options=(), initial_rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.option_ids = []
        initial = {row.option.pk: row for row in initial_rows}
        for option in options:
            key = option.pk
            self.option_ids.append(key)
            row = initial.get(key)
            label = words.when(option.starts_at, option.ends_at)
            self.fields[f"answer_{key}"] = forms.ChoiceField(
                label=label,
                choices=Availability.choices,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
                initial=row.answer if row else None,
                help_text=row.suggestion.note if row and row.from_profile and row.suggestion.note else "",
                error_messages={"required": _("Say if you can come on %(when)s") % {"when": label}},
            )
            self.fields[f"reason_{key}"] = forms.ChoiceField(
                label=_("Reason, if you cannot come or it is hard (optional)"),
                choices=[("", _("No reason given"))] + list(Reason.choices),
                required=False,
                initial=row.reason if row else "",
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Anything else we should know (optional)"),
                required=False,
                max_length=300,
                initial=row.note if row and not row.from_profile else "",
            )

    def rows(self):
        return [(self[f"answer_{k}"], self[f"reason_{k}"], self[f"note_{k}"]) for k in self.option_ids]

    def answers(self) -> dict[int, tuple[str, str, str]]:
        d = self.cleaned_data
        return {k: (d[f"answer_{k}"], d.get(f"reason_{k}") or "", d.get(f"note_{k}") or "") for k in self.option_ids}


class ScheduleForm(forms.Form):
    option = forms.TypedChoiceField(
        label=_("Which time do you want to book?"),
        coerce=int,
        widget=forms.RadioSelect(),
        error_messages={"required": _("Choose a time to book")},
    )

    def __init__(self, *args, ranked=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["option"]).choices = [
            (s.option.pk, words.when(s.option.starts_at, s.option.ends_at)) for s in ranked
        ]


class AttendanceForm(CleanTimesMixin, forms.Form):
    """The register: actual start and end, and for each person whether they came and how."""

    start_time = time_field(_("When did it really start?"), required_text=_("Enter when the meeting started"))
    end_time = time_field(_("When did it really end?"), required_text=_("Enter when the meeting ended"))
    notes = forms.CharField(
        label=_("Notes of the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was agreed and who will do what. Members can read this."),
    )

    def __init__(self, *args, meeting, people, existing=None, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.people = people
        self.items = list(items)
        existing = existing or {}
        for user, role in people:
            row = existing.get(user.pk)
            self.fields[f"status_{user.pk}"] = forms.ChoiceField(
                label=user.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
                initial=row.status if row else None,
                error_messages={"required": _("Say if %(name)s came") % {"name": user.full_name}},
            )
            self.fields[f"mode_{user.pk}"] = forms.ChoiceField(
                label=_("How %(name)s took part") % {"name": user.full_name},
                choices=[("", _("Not needed (did not come)"))] + list(AttendanceMode.choices),
                required=False,
                initial=row.mode if row else "",
            )
            if role == "staff" or role == "professional":
                self.fields[f"paid_{user.pk}"] = forms.BooleanField(
                    label=_("%(name)s came as part of their paid job") % {"name": user.full_name},
                    required=False,
                    initial=row.paid_work_time if row else role == "staff",
                )
        for item in self.items:
            self.fields[f"item_minutes_{item.pk}"] = forms.IntegerField(
                label=_("Minutes it really took: %(title)s") % {"title": item.title},
                required=False,
                min_value=0,
                max_value=600,
                initial=item.actual_minutes,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            )

    def person_rows(self):
        return [
            (
                user,
                role,
                self[f"status_{user.pk}"],
                self[f"mode_{user.pk}"],
                self[f"paid_{user.pk}"] if f"paid_{user.pk}" in self.fields else None,
            )
            for user, role in self.people
        ]

    def item_fields(self):
        return [self[f"item_minutes_{item.pk}"] for item in self.items]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Django's clean returns, typed as never None
        day = timezone.localtime(self.meeting.starts_at).date()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end:
            started_at = join_on_the_clock(self, "start_time", day, start)
            ended_at = join_on_the_clock(self, "end_time", day, end)
            if started_at and ended_at and ended_at <= started_at:
                self.add_error("end_time", _("The end time must be after the start time."))
            elif started_at and ended_at and started_at > timezone.now():
                self.add_error("start_time", _("You can record who came once the meeting has started."))
            elif ended_at and ended_at > timezone.now():
                self.add_error(
                    "end_time", _("The end time cannot be later than now. Record the meeting once it has ended.")
                )
            data["started_at"], data["ended_at"] = started_at, ended_at
        for user, _role in self.people:
            if data.get(f"status_{user.pk}") == AttendanceStatus.ATTENDED and not data.get(f"mode_{user.pk}"):
                self.add_error(f"mode_{user.pk}", _("Say how %(name)s took part") % {"name": user.full_name})
        return data


class RemindersForm(forms.Form):
    minutes = forms.TypedMultipleChoiceField(
        label=_("When do you want reminders?"),
        choices=REMINDER_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(),
        help_text=_("We remind you the way you chose in your profile. Choose none for no reminders."),
    )
