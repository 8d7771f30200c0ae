"""People: the User and their communication and access profile.

A person's profile belongs to them, not to any project. Projects they join
see only the sections they chose to share (see projects.Membership).
The profile follows the NHS Accessible Information Standard: ask, record,
flag, share, act.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What an erased person's row says instead of their name (yourdata.erasure): stored, so not translated.
FORMER_MEMBER = "A former member"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str | None, password: str | None = None, **extra) -> User:
        email = self.normalize_email(email) if email else None
        user = self.model(email=email or None, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the sign-in; someone who never uses the web may have none."""

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    known_as = models.CharField(_("what we should call you"), max_length=80, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("Can use the site administration."))
    date_joined = models.DateTimeField(default=timezone.now)
    uses_web = models.BooleanField(
        default=True, help_text=_("False for people an organiser looks after by proxy, who never sign in.")
    )
    added_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="people_added")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name or self.email or f"Person {self.pk}"

    @property
    def is_former_member(self) -> bool:
        """True once the person's account is deleted (``yourdata.erasure``): their row stays, as "A former
        member", with no email and no sign-in. No page says they chose anything about how they are named."""
        return self.full_name == FORMER_MEMBER and not self.email and not self.is_active

    @property
    def short_name(self) -> str:
        return self.known_as or (self.full_name.split()[0] if self.full_name else "")

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.short_name


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter by post")
    APP = "app", _("Messages on this website")


class Weekday(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


WEEKDAY_INDEX = {day.value: index for index, day in enumerate(Weekday)}


class Format(models.TextChoices):
    EASY_READ = "easy_read", _("Easy Read")
    LARGE_PRINT = "large_print", _("Large print")
    AUDIO = "audio", _("Audio")
    PLAIN_TEXT = "plain_text", _("Plain text (no pictures or tables)")


class Naming(models.TextChoices):
    FULL_NAME = "full_name", _("My full name")
    FIRST_NAME = "first_name", _("My first name only")
    PSEUDONYM = "pseudonym", _("A made-up name I choose")
    ANONYMOUS = "anonymous", _("Not my name, just 'a parent carer'")
    NOT_NAMED = "not_named", _("Do not mention me at all")


class ProfileSection(models.TextChoices):
    """Parts of the profile a person can choose to share with a project."""

    CONTACT = "contact", _("How and when to contact me")
    LANGUAGE_FORMATS = "language_formats", _("My language and formats")
    ACCESS = "access", _("My access needs")
    CARING = "caring", _("My caring commitments")
    NOTICE = "notice", _("How much notice I need")
    HELPER = "helper", _("Someone who helps me with messages")


class CommunicationProfile(models.Model):
    """How a person wants to be reached and what they need to take part."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")

    # Contact
    channels = models.JSONField(default=list, blank=True, help_text=_("Channel values, most preferred first."))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    contact_days = models.JSONField(default=list, blank=True)
    contact_from = models.TimeField(null=True, blank=True)
    contact_until = models.TimeField(null=True, blank=True)

    # Language and formats
    language = models.CharField(_("language"), max_length=60, blank=True)
    formats = models.JSONField(default=list, blank=True)

    # Access and caring
    access_needs = models.TextField(_("access needs"), blank=True)
    meeting_days = models.JSONField(default=list, blank=True, help_text=_("Days meetings can be on."))
    meeting_from = models.TimeField(null=True, blank=True)
    meeting_until = models.TimeField(null=True, blank=True)
    avoid_school_holidays = models.BooleanField(default=False)
    caring_notes = models.TextField(_("caring commitments"), blank=True)

    # Notice
    notice_days = models.PositiveSmallIntegerField(null=True, blank=True)

    # Someone who helps
    helper_name = models.CharField(max_length=150, blank=True)
    helper_contact = models.CharField(max_length=200, blank=True)
    helper_gets_copies = models.BooleanField(default=False)

    # Naming
    naming = models.CharField(max_length=20, choices=Naming.choices, default=Naming.FIRST_NAME)
    pseudonym = models.CharField(max_length=80, blank=True)

    # Onboarding: which questions were answered or skipped.
    answered = models.JSONField(default=list, blank=True)
    skipped = models.JSONField(default=list, blank=True)

    updated_at = models.DateTimeField(auto_now=True)
    updated_by_proxy = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notice_days__isnull=True) | models.Q(notice_days__lte=60),
                name="profile_notice_days_at_most_60",
            )
        ]
        # The people who asked not to be named, counted on a project's pages without reading every profile (issue 19).
        indexes = [
            models.Index(fields=["user"], condition=models.Q(naming=Naming.NOT_NAMED), name="profile_not_named"),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[c]) for c in self.channels if c in labels]

    def format_labels(self) -> list[str]:
        labels = dict(Format.choices)
        return [str(labels[f]) for f in self.formats if f in labels]

    def day_labels(self, field: str = "contact_days") -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[d]) for d in getattr(self, field) if d in labels]

    def display_name(self, user: User | None = None) -> str:
        """The name this person agreed to be shown by, to other members."""
        user = user or self.user
        if self.naming == Naming.FULL_NAME:
            return user.full_name
        if self.naming == Naming.FIRST_NAME:
            return user.short_name
        if self.naming == Naming.PSEUDONYM and self.pseudonym:
            return self.pseudonym
        if self.naming == Naming.NOT_NAMED:
            return ""
        return str(_("A member"))
