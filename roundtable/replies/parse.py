"""Reading one inbound email: who sent it, where to, whether a machine sent it, its words and its files.

Quoted history is trimmed by ``mail-parser-reply`` (``mailparser_reply``); a signature after the
usual "-- " line or a "Sent from my phone" line is trimmed here. HTML is never kept: an email with
only HTML has its text taken out (script and style dropped) and is stored as plain text, escaped when
shown. Attachments are checked like meeting papers (``meetings.uploads.check_upload``: the name's
ending and the first bytes) and only their names, types, sizes and verdicts are kept.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from mailparser_reply import EmailReplyParser

from roundtable.meetings.uploads import check_upload

_SIGNATURE = re.compile(r"^(-- ?|__+|Sent from my .*|Get Outlook for .*)$", re.IGNORECASE)


class _TextOfHtml(HTMLParser):
    """The words of an HTML email; script and style are dropped, never run or kept."""

    SKIP = {"script", "style", "head", "title"}
    BREAKS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.had_script = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            self.had_script = self.had_script or tag == "script"
        elif tag in self.BREAKS:
            self.parts.append("\n")
        if any(name.lower().startswith("on") for name, _value in attrs):
            self.had_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, bool]:
    """(the words of ``html`` as plain text, whether it held script or event handlers)."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip(), parser.had_script


def trim_reply(text: str) -> str:
    """The new words of a reply: quoted history (">" lines, "On … wrote:") and the signature cut off."""
    text = (text or "").replace("\r\n", "\n")
    try:
        trimmed = EmailReplyParser(languages=["en"]).parse_reply(text=text)
    except Exception:  # noqa: BLE001 - a third-party parser must never lose a reply; fall back to our own cut
        trimmed = text
    trimmed = trimmed if trimmed.strip() else text
    kept: list[str] = []
    for line in trimmed.split("\n"):
        if _SIGNATURE.match(line.rstrip()) or line.startswith(">"):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def is_auto_reply(msg: EmailMessage) -> bool:
    """Whether a machine sent it (RFC 3834 Auto-Submitted, Precedence bulk/junk/list/auto_reply,
    X-Autoreply, X-Autorespond, X-Auto-Response-Suppress, an empty Return-Path, a delivery report)."""
    auto = (msg.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return True
    if (msg.get("Precedence") or "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or msg.get("X-Autorespond-Id"):
        return True
    if msg.get("X-Auto-Response-Suppress") and msg.get("X-Auto-Response-Suppress", "").strip():
        return True
    if (msg.get("Return-Path") or "").strip() == "<>":
        return True
    return msg.get_content_type() == "multipart/report"


class _Upload(io.BytesIO):
    """Enough of an uploaded file for ``check_upload``: a name, a size, seek and read."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name = name
        self.size = len(data)


@dataclass
class ParsedEmail:
    sender: str
    recipients: list[str]
    subject: str
    message_id: str
    text: str
    auto_reply: bool
    html_had_script: bool = False
    attachments: list[dict] = field(default_factory=list)
    # The attachments that passed the checks, as (name, content type, bytes): what ``ReplyFile`` keeps.
    files: list[tuple[str, str, bytes]] = field(default_factory=list)


def parse_email(raw: bytes, *, extra_recipients: list[str] | None = None) -> ParsedEmail:
    """Read one raw RFC 5322 message. ``extra_recipients``: envelope addresses the mail server gave
    (``$ORIGINAL_RECIPIENT``, a webhook's envelope), tried before the headers. Never raises on bad mail."""
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    sender = parseaddr(str(msg.get("From") or ""))[1].strip().lower()
    headers: list[str] = []
    for name in ("Delivered-To", "X-Original-To", "To", "Cc"):
        headers.extend(str(value) for value in (msg.get_all(name) or []))
    recipients = [addr for _name, addr in getaddresses(headers) if addr]
    recipients = [*(extra_recipients or []), *recipients]
    plain, html = "", ""
    attachments: list[dict] = []
    files: list[tuple[str, str, bytes]] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if filename or disposition == "attachment":
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            name = (filename or "attachment")[:200]
            error, content_type = check_upload(_Upload(name, data))
            attachments.append(
                {"name": name, "type": part.get_content_type(), "size": len(data), "ok": not error, "error": error}
            )
            if not error:
                files.append((name, content_type, data))
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError, AssertionError):
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        if not isinstance(content, str):
            continue
        if part.get_content_type() == "text/plain" and not plain:
            plain = content
        elif part.get_content_type() == "text/html" and not html:
            html = content
    had_script = False
    if html:
        html_text, had_script = html_to_text(html)
        plain = plain or html_text
    return ParsedEmail(
        sender=sender,
        recipients=recipients,
        subject=" ".join(str(msg.get("Subject") or "").split())[:200],
        message_id=str(msg.get("Message-ID") or "").strip()[:240],
        text=trim_reply(plain),
        auto_reply=is_auto_reply(msg),
        html_had_script=had_script,
        attachments=attachments,
        files=files,
    )


def headers_only(raw: bytes) -> bytes:
    """The header block of a raw message (everything before the first empty line)."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        end = raw.find(sep)
        if end != -1:
            return raw[: end + len(sep)]
    return raw[:65536]
