"""A fake GOV.UK Notify on a loopback port: the parts of its v2 API that the adapter uses.

It checks the JSON Web Token like Notify does (HS256, iss = service id, iat
within 30 seconds), keeps every text it accepts, and can be told to fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"roundtable_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class FakeNotify:
    def __init__(self) -> None:
        self.texts: list[dict] = []
        self.fail_status: int | None = None  # answer every send with this status
        self.requests = 0
        self.delay = 0.0  # seconds to take over each text, so a worker can be killed mid-send
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                try:
                    token = header.removeprefix("Bearer ")
                    head, claims, signature = token.split(".")
                    expected = hmac.new(SECRET.encode(), f"{head}.{claims}".encode(), hashlib.sha256).digest()
                    payload = json.loads(_unb64(claims))
                    return (
                        hmac.compare_digest(_unb64(signature), expected)
                        and payload["iss"] == SERVICE_ID
                        and abs(time.time() - payload["iat"]) < 30
                    )
                except (ValueError, KeyError):
                    return False

            def do_GET(self) -> None:  # noqa: N802
                if not self._authorised():
                    return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
                query = parse_qs(urlparse(self.path).query)
                reference = query.get("reference", [""])[0]
                with fake.lock:
                    found = [t for t in fake.texts if t["reference"] == reference]
                return self._answer(200, {"notifications": found, "links": {}})

            def do_POST(self) -> None:  # noqa: N802
                with fake.lock:
                    fake.requests += 1
                if not self._authorised():
                    return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
                if fake.fail_status:
                    return self._answer(fake.fail_status, {"errors": [{"error": "Exception", "message": "Down"}]})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.delay:
                    time.sleep(fake.delay)
                if body.get("template_id") != TEMPLATE_ID:
                    return self._answer(
                        400, {"errors": [{"error": "BadRequestError", "message": "Template not found"}]}
                    )
                if not body["phone_number"].startswith("+447"):
                    return self._answer(
                        400,
                        {"errors": [{"error": "ValidationError", "message": "phone_number Not a UK mobile number"}]},
                    )
                text = {
                    "id": str(uuid.uuid4()),
                    "reference": body.get("reference"),
                    "phone_number": body["phone_number"],
                    "body": body["personalisation"]["body"],
                }
                with fake.lock:
                    fake.texts.append(text)
                return self._answer(
                    201, {"id": text["id"], "reference": text["reference"], "content": {"body": text["body"]}}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeNotify:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
