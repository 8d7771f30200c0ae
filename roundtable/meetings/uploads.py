"""Which files can be papers: checked by the name's ending AND by the first bytes of the file.

A file called ``notes.pdf`` that is really a program is refused. Allowed: PDF, Word (.doc, .docx),
OpenDocument text (.odt), pictures (PNG, JPEG) and sound (MP3, M4A, WAV), up to 20 MB.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)

ALLOWED_TEXT = _("PDF, Word (.doc or .docx), OpenDocument (.odt), pictures (PNG or JPEG) or sound (MP3, M4A or WAV)")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
}


def _zip_names(head: bytes, fileobj) -> set[str]:
    if not head.startswith(b"PK\x03\x04"):
        return set()
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        fileobj.seek(0)


def _zip_mimetype(fileobj) -> str:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        fileobj.seek(0)


def sniff(head: bytes, extension: str, fileobj=None) -> bool:
    """Whether the first bytes of a file match what its name says it is."""
    fileobj = fileobj if fileobj is not None else io.BytesIO(head)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "doc":
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if extension == "docx":
        names = _zip_names(head, fileobj)
        return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    if extension == "odt":
        return head.startswith(b"PK\x03\x04") and _zip_mimetype(fileobj) == "application/vnd.oasis.opendocument.text"
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "mp3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0)
    if extension == "m4a":
        return len(head) >= 12 and head[4:8] == b"ftyp"
    if extension == "wav":
        return len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    return False


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload) -> tuple[str, str]:
    """(error message, content type). The message is empty when the file is fine."""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        return str(_("The file is empty. Choose another file.")), ""
    if size > MAX_BYTES:
        return str(_("The file must be smaller than %(mb)s MB.") % {"mb": MAX_MB}), ""
    extension = extension_of(upload.name or "")
    if extension not in CONTENT_TYPES:
        return str(_("The file must be a %(types)s.") % {"types": ALLOWED_TEXT}), ""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if not sniff(head, extension, upload):
        return (
            str(
                _("This file does not look like a real .%(ext)s file. Save it again as %(types)s, then upload it.")
                % {"ext": extension, "types": ALLOWED_TEXT}
            ),
            "",
        )
    return "", CONTENT_TYPES[extension]
