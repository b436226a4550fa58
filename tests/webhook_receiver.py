"""A real HTTP server on 127.0.0.1 that receives webhooks the way a customer's would.

It checks each message's Standard Webhooks signature with its own code (not the app's
``sign``), answers 200, 500 or nothing at all (``hang``), and counts every ``webhook-id``.
"""

import base64
import hmac
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature_is_valid(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """Verify a message as the Standard Webhooks spec tells a receiver to."""
    message_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    expected = base64.b64encode(
        hmac.new(
            key, b"%s.%s.%s" % (message_id.encode(), timestamp.encode(), body), "sha256"
        ).digest()
    ).decode()
    offered = [part.split(",", 1)[1] for part in headers.get("webhook-signature", "").split()]
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)


@dataclass
class Received:
    headers: dict
    body: bytes
    valid: bool

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the server got and how it answers; change ``mode`` between messages."""

    secret: str = ""
    mode: str = "ok"  # "ok", "fail" (500 with a body) or "hang" (never answers in time)
    hang_seconds: float = 3.0
    received: list[Received] = field(default_factory=list)
    ids: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} messages, got {len(self.received)}")


def start_receiver(receiver: Receiver) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {key.lower(): value for key, value in self.headers.items()}
            got = Received(headers, body, signature_is_valid(receiver.secret, headers, body))
            with receiver.lock:
                receiver.received.append(got)
                receiver.ids[headers.get("webhook-id")] += 1
            if receiver.mode == "hang":
                time.sleep(receiver.hang_seconds)
            status = 500 if receiver.mode == "fail" else 200
            answer = b"<script>alert(1)</script> broken" if status == 500 else b"ok"
            try:
                self.send_response(status)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    return server
