"""Which recordings a story part may carry: checked like meeting papers (``meetings.uploads``), by the name's
ending AND by the file's first bytes, with the same size limit. Only sound: MP3, M4A or WAV."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from roundtable.meetings.uploads import MAX_MB, check_upload, extension_of

AUDIO = ("mp3", "m4a", "wav")
ALLOWED_TEXT = _("sound file (MP3, M4A or WAV)")
ACCEPT = "audio/mpeg,audio/mp4,audio/x-m4a,audio/wav,.mp3,.m4a,.wav"


def check_audio(upload) -> tuple[str, str]:
    """(error message, content type): the message is empty when the file is fine.

    Empty, larger than the papers' limit (``meetings.uploads.MAX_BYTES``), not a sound file by its name, or
    not one by its first bytes: each gets its own plain message.
    """
    if (getattr(upload, "size", 0) or 0) > 0 and extension_of(upload.name or "") not in AUDIO:
        return str(_("The recording must be a %(types)s.") % {"types": ALLOWED_TEXT}), ""
    return check_upload(upload)


__all__ = ["ACCEPT", "MAX_MB", "check_audio"]
