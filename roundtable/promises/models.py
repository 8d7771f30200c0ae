"""What an organisation's admin adds to its privacy notice (the rest is made from settings: notice.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Organisation

WORDS_LIMIT = 5000


class NoticeWords(models.Model):
    """The admin's own words for one section of the organisation's privacy notice.

    ``section`` is a key of ``notice.SECTION_KEYS`` (words shown under that section's facts) or "more"
    (a section of the admin's own, with its ``heading``). Empty words remove the row.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notice_words")
    section = models.CharField(max_length=20)
    heading = models.CharField(_("heading"), max_length=120, blank=True)
    words = models.TextField(_("your words"), max_length=WORDS_LIMIT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "section"], name="notice_words_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.section}"
