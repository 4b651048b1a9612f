"""One POST to a receiver with the standard library's HTTP client: a short timeout, redirects never followed
(a 3xx is a failed attempt, so a signed event never lands at an address the provider did not register), and
no more of the answer read than a few bytes: only its status is kept.

The host is resolved once per attempt and every address checked (``addresses``) before anything is
connected; the connection then goes to those very addresses, so a name re-pointed at a private address
between the check and the connect (DNS rebinding) cannot redirect it. The request still names the URL's
host: the ``Host`` header, and for https the TLS server name and the certificate checked, are the URL's.
No proxy is used (``http_proxy`` and the like are ignored): a proxy would resolve the name again itself."""

import http.client
import socket
import ssl
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from microcred.api.webhooks import addresses
from microcred.api.webhooks.addresses import Destination

USER_AGENT: Final = "microcred-webhooks/1"
ERROR_MAX_LENGTH: Final = 500
REFUSED: Final = "Refused, no connection made: "


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str

    @property
    def is_success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _error_text(text: str) -> str:
    return text[:ERROR_MAX_LENGTH]


def _connected(destinations: Sequence[Destination], timeout: float) -> socket.socket:
    """A socket connected to the first of the checked addresses that answers, in the resolver's order."""
    failure: OSError = OSError("no address to connect to")
    for destination in destinations:
        sock = socket.socket(destination.family, destination.type, destination.proto)
        try:
            sock.settimeout(timeout)
            sock.connect(destination.sockaddr)
        except OSError as error:
            sock.close()
            failure = error
            continue
        return sock
    raise failure


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, destinations: Sequence[Destination], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.destinations = destinations
        self.attempt_timeout = timeout

    def connect(self) -> None:
        self.sock = _connected(self.destinations, self.attempt_timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(
        self,
        host: str,
        port: int,
        *,
        destinations: Sequence[Destination],
        timeout: float,
        context: ssl.SSLContext,
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.destinations = destinations
        self.attempt_timeout = timeout
        self.tls = context

    def connect(self) -> None:
        # The server name (SNI and the certificate's check) is the URL's host, not the address dialled.
        connected = _connected(self.destinations, self.attempt_timeout)
        self.sock = self.tls.wrap_socket(connected, server_hostname=self.host)


def _connection(
    parts: urllib.parse.SplitResult,
    destinations: Sequence[Destination],
    timeout: float,
    context: ssl.SSLContext | None,
) -> http.client.HTTPConnection:
    host = parts.hostname or ""
    if parts.scheme == "https":
        return _PinnedHTTPSConnection(
            host,
            parts.port or http.client.HTTPS_PORT,
            destinations=destinations,
            timeout=timeout,
            context=context or ssl.create_default_context(),
        )
    return _PinnedHTTPConnection(
        host, parts.port or http.client.HTTP_PORT, destinations=destinations, timeout=timeout
    )


def _answer_of(response: http.client.HTTPResponse) -> Answer:
    response.read(1024)
    status = int(response.status)
    if 200 <= status < 300:
        return Answer(status, "")
    if 300 <= status < 400:
        location = response.getheader("Location", "")
        return Answer(status, _error_text(f"HTTP {status}: redirect to {location} not followed"))
    return Answer(status, _error_text(f"HTTP {status}: {response.reason}"))


def post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    allow_private: bool,
    context: ssl.SSLContext | None = None,
) -> Answer:
    """POST ``body`` to ``url`` unless its host resolves to an address the guard refuses (``allow_private``
    lifts it); ``context`` is the TLS context for https (the system's trusted roots by default)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or (http.client.HTTPS_PORT if parts.scheme == "https" else http.client.HTTP_PORT)
    except ValueError as error:
        return Answer(None, _error_text(f"ValueError: {error}"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return Answer(None, _error_text(f"{REFUSED}{url} is not an http or https URL with a host."))
    try:
        destinations = addresses.resolve(parts.hostname, port)
    except (OSError, UnicodeError) as error:
        return Answer(None, _error_text(f"{REFUSED}{parts.hostname} does not resolve ({error})."))
    problem = addresses.destinations_problem(destinations, host=parts.hostname, allow_private=allow_private)
    if problem is not None:
        return Answer(None, _error_text(REFUSED + problem))
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    connection = _connection(parts, destinations, timeout, context)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        return _answer_of(connection.getresponse())
    except (http.client.HTTPException, OSError, ValueError) as error:
        return Answer(None, _error_text(f"{type(error).__name__}: {error}"))
    finally:
        connection.close()
