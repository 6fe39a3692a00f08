"""A local stand-in for GOV.UK Notify's API: a tiny ``http.server`` in a thread that checks each
request as Notify would (a JWT signed with the key's secret, issued by the key's service id,
posted to ``/v2/notifications/sms``) and records it. ``fail_next`` makes the next requests
answer 500, as Notify does during an outage."""

import contextlib
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@dataclass
class FakeNotify:
    url: str = ""
    received: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(state: FakeNotify):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802  (http.server's name)
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v2/notifications/sms":
                state.refused.append(f"path {self.path}")
                return self._answer(404, {"errors": [{"error": "NotFound"}]})
            auth = self.headers.get("Authorization", "")
            try:
                claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
            except jwt.PyJWTError as exc:
                state.refused.append(f"token {exc}")
                return self._answer(403, {"errors": [{"error": "AuthError"}]})
            if claims.get("iss") != SERVICE_ID or "iat" not in claims:
                state.refused.append(f"claims {claims}")
                return self._answer(403, {"errors": [{"error": "AuthError"}]})
            with state.lock:
                if state.fail_next > 0:
                    state.fail_next -= 1
                    return self._answer(500, {"errors": [{"error": "Exception"}]})
                state.received.append(payload)
            return self._answer(
                201,
                {
                    "id": str(uuid.uuid4()),
                    "reference": payload.get("reference"),
                    "content": {"body": payload.get("personalisation", {}).get("body", "")},
                },
            )

    return Handler


@contextlib.contextmanager
def fake_notify():
    state = FakeNotify()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def use_notify(settings, state: FakeNotify) -> None:
    settings.SMS_BACKEND = "rtw.sms.NotifyBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = state.url
