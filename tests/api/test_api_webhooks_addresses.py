"""Outbound webhooks, the SSRF guard: with ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` off (the default), a URL
whose host is or resolves to a loopback, private, link-local, multicast, reserved or unspecified address is
refused when the endpoint is made (422, nothing stored) and again before every attempt (logged, no
connection made), since DNS can change; and an attempt connects to the very address it checked, with the
URL's host in the Host header and as the TLS server name.

The resolver is faked at the process edge (``socket.getaddrinfo``): no real name is looked up."""

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.api.test_api_webhooks import (
    FakeDns,
    Receiver,
    endpoint_for,
    faked_dns,
    receiving,
    webhook_settings,
)

from microcred.accounts.models import User
from microcred.api.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEvent,
)
from microcred.api.webhooks import addresses, delivery, sending, tasks
from microcred.api.webhooks.payloads import Announcement

pytestmark = pytest.mark.django_db

BASE = "/api/v1/provider/webhooks"
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
PUBLIC = "93.184.216.34"  # a public address: documentation ranges (192.0.2.0/24…) count as reserved


@pytest.fixture(autouse=True)
def _webhook_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    webhook_settings(settings, tmp_path)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    return faked_dns(monkeypatch)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as listening:
        yield listening


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A bare TCP socket listening on 127.0.0.1 and never accepting: a connection made to it waits in its
    queue, so an empty queue proves none was made."""
    with socket.create_server(("127.0.0.1", 0)) as listening:
        listening.setblocking(False)
        yield listening


def _no_connection_reached(listening: socket.socket) -> bool:
    try:
        connection, _ = listening.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def _recorded(endpoint: WebhookEndpoint) -> WebhookDelivery:
    announcement = Announcement(
        WebhookEvent.AWARD_CONFERRED, "7", endpoint.provider_id, "uol", START, {"award_claim": 7}
    )
    [row] = delivery.deliveries_record([announcement], {endpoint.provider_id: [endpoint]})
    return row


REFUSED_AT_CREATION = [
    ("http://127.0.0.1/hooks", "127.0.0.1 is a loopback address"),
    ("http://127.1:8080/hooks", "127.1 resolves to 127.0.0.1, which is a loopback address"),
    ("http://2130706433/hooks", "2130706433 resolves to 127.0.0.1, which is a loopback address"),
    ("http://10.0.0.5/hooks", "10.0.0.5 is an address of a private network"),
    ("http://192.168.1.20/hooks", "192.168.1.20 is an address of a private network"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://100.100.100.200/hooks", "100.100.100.200 is not a public internet address"),
    ("http://0.0.0.0/hooks", "0.0.0.0 is an unspecified address"),
    ("http://224.0.0.1/hooks", "224.0.0.1 is a multicast address"),
    ("http://[::1]/hooks", "::1 is a loopback address"),
    ("http://[::]/hooks", ":: is an unspecified address"),
    ("http://[fe80::1]/hooks", "fe80::1 is a link-local address"),
    ("http://[fd12:3456::1]/hooks", "fd12:3456::1 is an address of a private network"),
    ("http://[ff02::1]/hooks", "ff02::1 is a multicast address"),
    ("http://[::ffff:127.0.0.1]/hooks", "::ffff:127.0.0.1 is a loopback address (127.0.0.1)"),
    ("http://[::ffff:10.1.2.3]/hooks", "::ffff:10.1.2.3 is an address of a private network (10.1.2.3)"),
    ("https://intranet.uol.test/hooks", "intranet.uol.test resolves to 10.20.30.40, which is an address"),
    ("https://mixed.uol.test/hooks", "mixed.uol.test resolves to 172.16.0.9, which is an"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED_AT_CREATION)
def test_a_url_reaching_the_platforms_own_network_is_refused_at_creation(
    client_for: Callable[[User | None], Client], uol_registry: User, dns: FakeDns, url: str, reason: str
) -> None:
    # given
    dns.answers["intranet.uol.test"] = [["10.20.30.40"]]
    dns.answers["mixed.uol.test"] = [[PUBLIC, "172.16.0.9"]]  # one private address is enough to refuse
    # when
    response = client_for(uol_registry).post(
        BASE, data={"url": url, "events": ["result.released"]}, content_type="application/json"
    )
    # then
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["details"]) == ("invalid_url", {"field": "body.payload.url"})
    assert body["message"].startswith(reason)
    assert body["message"].endswith("webhooks are sent only to public addresses.")
    assert WebhookEndpoint.objects.count() == 0


def test_a_public_address_is_taken_and_a_name_that_does_not_resolve_yet_too(
    client_for: Callable[[User | None], Client], uol_registry: User, dns: FakeDns
) -> None:
    dns.answers["sis.uol.test"] = [[PUBLIC, "2606:4700::1111"]]
    client = client_for(uol_registry)

    public = client.post(
        BASE, data={"url": "https://sis.uol.test/hooks", "events": ["result.released"]},
        content_type="application/json",
    )  # fmt: skip
    unresolved = client.post(
        BASE, data={"url": "https://new.uol.test/hooks", "events": ["result.released"]},
        content_type="application/json",
    )  # fmt: skip

    assert [public.status_code, unresolved.status_code] == [201, 201]
    assert dns.lookups == ["sis.uol.test", "new.uol.test"]


def test_the_setting_lets_a_private_receiver_be_made(
    client_for: Callable[[User | None], Client], uol_registry: User, settings: SettingsWrapper
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True

    response = client_for(uol_registry).post(
        BASE, data={"url": "http://10.0.0.5/hooks", "events": ["result.released"]},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 201
    assert WebhookEndpoint.objects.get().url == "http://10.0.0.5/hooks"


def test_an_attempt_to_a_private_address_is_refused_and_logged_without_connecting(
    uol_registry: User, listener: socket.socket, time_machine: time_machine.TimeMachineFixture
) -> None:
    # given: an endpoint on the loopback (made before the guard, or while the setting allowed it)
    time_machine.move_to(START, tick=False)
    port = listener.getsockname()[1]
    row = _recorded(endpoint_for(uol_registry, url=f"http://127.0.0.1:{port}/hooks"))
    # when
    assert tasks.webhook_deliver(row.pk) == "pending"
    # then
    [attempt] = WebhookAttempt.objects.filter(delivery=row)
    assert attempt.status_code is None
    assert attempt.error == (
        "Refused, no connection made: 127.0.0.1 is a loopback address: webhooks are sent only to public "
        "addresses."
    )
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (WebhookDeliveryStatus.PENDING, 1, attempt.error)
    assert _no_connection_reached(listener)


def test_a_name_re_pointed_at_a_private_address_after_creation_is_refused_when_sent(
    client_for: Callable[[User | None], Client],
    uol_registry: User,
    dns: FakeDns,
    listener: socket.socket,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # given: public when the endpoint is made, the loopback by the time it is sent to
    time_machine.move_to(START, tick=False)
    port = listener.getsockname()[1]
    dns.answers["hooks.uol.test"] = [[PUBLIC], ["::ffff:127.0.0.1", "127.0.0.1"]]
    created = client_for(uol_registry).post(
        BASE, data={"url": f"http://hooks.uol.test:{port}/hooks", "events": ["award.conferred"]},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    row = _recorded(WebhookEndpoint.objects.get())
    # when
    tasks.webhook_deliver(row.pk)
    # then
    row.refresh_from_db()
    assert row.last_error == (
        "Refused, no connection made: hooks.uol.test resolves to ::ffff:127.0.0.1, which is a loopback "
        "address (127.0.0.1): webhooks are sent only to public addresses."
    )
    assert row.last_status_code is None
    assert _no_connection_reached(listener)


def test_an_attempt_connects_to_the_address_it_checked_and_names_the_host(
    uol_registry: User,
    receiver: Receiver,
    dns: FakeDns,
    settings: SettingsWrapper,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # given: the name answers the receiver's address once, then an address nothing listens on; a second
    # lookup between the check and the connection would send the POST nowhere
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    time_machine.move_to(START, tick=False)
    port = receiver.server.server_address[1]
    dns.answers["hooks.uol.test"] = [["127.0.0.1"], ["192.0.2.1"]]
    row = _recorded(endpoint_for(uol_registry, url=f"http://hooks.uol.test:{port}/hooks?from=microcred"))
    # when
    status = tasks.webhook_deliver(row.pk)
    # then
    assert status == "delivered"
    assert dns.lookups == ["hooks.uol.test"]
    [request] = receiver.requests
    assert (request.path, request.headers["Host"]) == ("/hooks?from=microcred", f"hooks.uol.test:{port}")


@pytest.fixture
def tls_receiver(tmp_path: Path) -> Iterator[tuple[int, ssl.SSLContext, list[str | None], list[str]]]:
    """An https server on 127.0.0.1 whose self-signed certificate names hooks.uol.test: its port, a client
    context that trusts only that certificate, the server names clients asked for (SNI), and the Host
    headers it was sent."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hooks.uol.test")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("hooks.uol.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_file, key_file = tmp_path / "receiver.pem", tmp_path / "receiver.key"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server_names: list[str | None] = []
    hosts: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            hosts.append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate_file, key_file)
    server_context.sni_callback = lambda connection, server_name, context: server_names.append(server_name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client_context = ssl.create_default_context(cafile=str(certificate_file))
    try:
        yield server.server_address[1], client_context, server_names, hosts
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_https_is_sent_to_the_checked_address_with_the_urls_host_as_the_server_name(
    tls_receiver: tuple[int, ssl.SSLContext, list[str | None], list[str]], dns: FakeDns
) -> None:
    port, context, server_names, hosts = tls_receiver
    dns.answers["hooks.uol.test"] = [["127.0.0.1"]]
    dns.answers["other.uol.test"] = [["127.0.0.1"]]

    def post(url: str) -> sending.Answer:
        return sending.post(url, body=b"{}", headers={}, timeout=5, allow_private=True, context=context)

    named = post(f"https://hooks.uol.test:{port}/hooks")
    other_name = post(f"https://other.uol.test:{port}/hooks")

    assert named == sending.Answer(204, "")
    # The certificate is checked against the URL's host, not against the address dialled.
    assert other_name.status_code is None
    assert other_name.error.startswith("SSLCertVerificationError: ")
    assert "Hostname mismatch" in other_name.error
    assert server_names[:2] == ["hooks.uol.test", "other.uol.test"]
    assert hosts == [f"hooks.uol.test:{port}"]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("::ffff:8.8.8.8", None),
        ("127.0.0.53", "a loopback address"),
        ("2002:7f00:1::", "a loopback address (127.0.0.1)"),  # 6to4 of the loopback
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "an address of a private network (10.0.0.1)"),  # Teredo
        ("::127.0.0.1", "a reserved address"),  # IPv4-compatible, long deprecated
        ("240.0.0.1", "an address of a private network"),
        ("192.0.2.10", "an address of a private network"),
    ],
)
def test_the_kinds_of_address_refused(address: str, kind: str | None) -> None:
    assert addresses.forbidden_kind(ipaddress.ip_address(address)) == kind
