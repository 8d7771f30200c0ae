"""GOV.UK Notify: texts through its public HTTP API (v2).

* Sending: ``POST /v2/notifications/sms`` with a template whose whole content
  is ``((body))``, the person's number, and our ``reference``.
* Finding: ``GET /v2/notifications?template_type=sms&reference=...``. Notify
  has no idempotency key, so after a worker died mid-send we ask it whether it
  already has a text with this reference before sending again.
* Signing in: a JSON Web Token (HS256) made from the API key, whose last 73
  characters are the service id and the secret key (Notify's key format).

Only the standard library is used, so there is nothing more to install.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from roundtable.notifications import conf
from roundtable.notifications.text import TextFailed, TextRejected


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def notify_token(service_id: str, secret: str, *, now: float | None = None) -> str:
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = _b64(json.dumps({"iss": service_id, "iat": int(now or time.time())}, separators=(",", ":")).encode())
    signing_input = f"{header}.{claims}".encode("ascii")
    signature = _b64(hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest())
    return f"{header}.{claims}.{signature}"


def split_api_key(api_key: str) -> tuple[str, str]:
    """(service id, secret) from a Notify API key: ``name-<service uuid>-<secret uuid>``."""
    if len(api_key) < 74:
        raise ImproperlyConfigured("NOTIFY_API_KEY is not a GOV.UK Notify API key (it is too short).")
    return api_key[-73:-37], api_key[-36:]


@dataclass
class NotifyProvider:
    base_url: str
    service_id: str
    secret: str
    template_id: str
    sender_id: str = ""
    timeout: int = 10
    name: str = "notify"

    @classmethod
    def from_settings(cls) -> NotifyProvider:
        api_key = conf.notify_api_key()
        template_id = conf.notify_sms_template_id()
        if not api_key or not template_id:
            raise ImproperlyConfigured("TEXT_BACKEND=notify needs NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID.")
        service_id, secret = split_api_key(api_key)
        return cls(
            base_url=conf.notify_base_url(),
            service_id=service_id,
            secret=secret,
            template_id=template_id,
            sender_id=conf.notify_sms_sender_id(),
            timeout=conf.notify_timeout(),
        )

    def _request(self, method: str, path: str, payload: dict | None = None) -> dict:
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(  # noqa: S310 - the address is our own setting
            self.base_url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {notify_token(self.service_id, self.secret)}",
                "Content-Type": "application/json",
                "User-Agent": "roundtable-notify/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = _error_text(exc)
            if exc.code == 400:
                raise TextRejected(f"Notify refused the text: {detail}") from exc
            raise TextFailed(f"Notify answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise TextFailed(f"Could not reach Notify: {exc}") from exc

    def send(self, *, to: str, body: str, reference: str) -> str:
        payload = {
            "phone_number": to,
            "template_id": self.template_id,
            "personalisation": {"body": body},
            "reference": reference,
        }
        if self.sender_id:
            payload["sms_sender_id"] = self.sender_id
        answer = self._request("POST", "/v2/notifications/sms", payload)
        return str(answer.get("id", ""))

    def find(self, *, reference: str) -> str | None:
        query = urllib.parse.urlencode({"template_type": "sms", "reference": reference})
        answer = self._request("GET", f"/v2/notifications?{query}")
        found = answer.get("notifications") or []
        return str(found[0]["id"]) if found else None


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read() or b"{}")
        return "; ".join(f"{e.get('error')}: {e.get('message')}" for e in body.get("errors", [])) or str(exc)
    except (ValueError, OSError):
        return str(exc)
