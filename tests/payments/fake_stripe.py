"""A stand-in for Stripe's API on 127.0.0.1, at the process edge: the real stripe library sends real HTTP
requests to it (``STRIPE_API_BASE``), it records each one and answers with the JSON a test queued."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class StripeRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeStripe:
    requests: list[StripeRequest] = field(default_factory=list)
    responses: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    url: str = ""

    def respond(self, path: str, body: dict[str, Any], status: int = 200) -> None:
        self.responses.setdefault(path, []).append((status, body))

    def answer(self, request: StripeRequest) -> tuple[int, dict[str, Any]]:
        self.requests.append(request)
        queued = self.responses.get(request.path)
        if not queued:
            return 404, {
                "error": {"type": "invalid_request_error", "message": f"no answer for {request.path}"}
            }
        return queued.pop(0)


def _handler_for(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            request = StripeRequest(
                "POST", self.path, dict(parse_qsl(body, keep_blank_values=True)), dict(self.headers)
            )
            status, answer = fake.answer(request)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Request-Id", f"req_fake_{len(fake.requests)}")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class FakeStripeServer:
    def __init__(self) -> None:
        self.fake = FakeStripe()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self.fake))
        self.fake.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeStripe:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
