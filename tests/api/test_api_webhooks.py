"""Outbound webhooks, the events: each of the five is produced by the one service that makes the change, in
its transaction (a rolled-back change records and sends nothing), once however often it is announced, and a
result never carries a mark the provider's policy withholds (R-AS5).

``Receiver`` (a real HTTP server on 127.0.0.1) is shared with the delivery tests."""

import json
import re
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import transaction
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.assessment.builders import at, course, enrolment_for, released_result, staff, submit_file
from tests.credentials.issuance_builders import credentials_settings
from tests.enrolment.purchase import pay, place, uol_course

from microcred.accounts.models import User
from microcred.api.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEvent
from microcred.api.webhooks import endpoints, events
from microcred.assessment.models import Credit, Submission
from microcred.assessment.services import submission_release
from microcred.common.models import OutboxMessage
from microcred.common.roles import Role
from microcred.credentials import services as credential_services
from microcred.enrolment import services as enrolment_services
from microcred.enrolment.models import Enrolment

pytestmark = pytest.mark.django_db

RELEASED_AT = at(2026, 3, 2)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next scripted status (200 once the script runs out); a 3xx answer points
    to ``/elsewhere``, whose visits are recorded too."""

    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"


def _handler_for(receiver: Callable[[], Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: bytes) -> None:
            target = receiver()
            target.requests.append(Received(self.path, dict(self.headers.items()), body))
            status = target.statuses.pop(0) if target.statuses and self.path == "/hooks" else 200
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

        def do_GET(self) -> None:
            self._answer(b"")

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def receiving() -> Iterator[Receiver]:
    """A Receiver listening on a free port of 127.0.0.1 while the block runs."""
    holder: list[Receiver] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(lambda: holder[0]))
    holder.append(Receiver(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as listening:
        yield listening


@dataclass
class FakeDns:
    """The resolver, faked where the process meets it (``socket.getaddrinfo``), so no test looks up a real
    name: a name in ``answers`` gets its next list of addresses (the last one repeats), an IP literal is
    parsed as the system parses it, and any other name does not resolve. ``lookups`` lists the names asked."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def getaddrinfo(self, host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        self.lookups.append(host)
        if host not in self.answers:
            try:
                return REAL_GETADDRINFO(
                    host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_NUMERICHOST
                )
            except socket.gaierror:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        queue = self.answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        return [answer for address in addresses for answer in REAL_GETADDRINFO(
            address, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_NUMERICHOST
        )]  # fmt: skip


REAL_GETADDRINFO = socket.getaddrinfo


def faked_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    """A FakeDns standing in for the resolver until the test ends."""
    fake = FakeDns()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


def webhook_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    """What the services behind the events need: signing keys (which also seal endpoints' secrets), uploads,
    the sandbox payment provider, and sending to the Receiver."""
    credentials_settings(settings)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAYMENTS_PROVIDER = "sandbox"
    # The Receiver listens on 127.0.0.1, which the SSRF guard refuses otherwise (test_api_webhooks_addresses).
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture(autouse=True)
def _webhook_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    webhook_settings(settings, tmp_path)


def endpoint_for(
    officer: User,
    url: str = "http://127.0.0.1:9/hooks",
    events: tuple[WebhookEvent, ...] = tuple(WebhookEvent),
) -> WebhookEndpoint:
    assert officer.provider is not None
    return endpoints.endpoint_create(
        provider=officer.provider, url=url, events=events, actor=officer
    ).endpoint


def event_id(event: str, subject: object) -> str:
    return str(uuid.uuid5(uuid.UUID("5b0c6f0e-3a51-4f57-9d2a-1c86c2d0e7a4"), f"{event}:{subject}"))


def team_of(registry: User) -> dict[str, User]:
    """A marker and a moderator of the registry officer's provider, beside the officer."""
    assert registry.provider is not None
    slug = registry.provider.slug
    return {
        "marker": staff(Role.MARKER, slug, f"marker@{slug}.example.org"),
        "moderator": staff(Role.MODERATOR, slug, f"moderator@{slug}.example.org"),
        "registry": registry,
    }


@pytest.fixture
def uol_team(db: None, uol_registry: User) -> dict[str, User]:
    return team_of(uol_registry)


def release(learner: User, team: dict[str, User], *, provider: str = "uol", mark: int = 63):
    enrolment = enrolment_for(learner, course(provider))
    return released_result(
        submit_file(enrolment),
        mark,
        marker=team["marker"],
        moderator=team["moderator"],
        registry=team["registry"],
    )


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_an_enrolment_made_by_a_paid_order_is_announced(learner: User, uol_registry: User) -> None:
    # given
    endpoint = endpoint_for(uol_registry)
    enrolment_services.cart_item_add(learner=learner, microcredential=uol_course(), track=None, cohort=None)
    # when
    pay(place(learner))
    # then
    enrolment = Enrolment.objects.get()
    [delivery] = WebhookDelivery.objects.all()
    assert (delivery.endpoint, delivery.event, delivery.status) == (endpoint, "enrolment.created", "pending")
    assert delivery.payload == {
        "id": event_id("enrolment.created", enrolment.public_id),
        "type": "enrolment.created",
        "created_at": "2026-03-02T10:00:00+00:00",
        "provider": "uol",
        "data": {
            "enrolment": str(enrolment.public_id),
            "learner_email": "learner@example.org",
            "microcredential": enrolment.microcredential.slug,
            "track": enrolment.track,
            "cohort_starts_on": None,
            "registered_on": "2026-03-02",
            "access_starts_on": "2026-03-02",
        },
    }
    assert str(delivery.event_id) == delivery.payload["id"]


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_released_result_is_announced_with_grade_and_mark_where_the_policy_shows_it(
    learner: User, uol_team: dict[str, User]
) -> None:
    endpoint_for(uol_team["registry"], events=(WebhookEvent.RESULT_RELEASED,))

    released = release(learner, uol_team, mark=63)

    submission = released.submission
    assert released.credit is not None
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload == {
        "id": event_id("result.released", submission.public_id),
        "type": "result.released",
        "created_at": "2026-03-02T10:00:00+00:00",
        "provider": "uol",
        "data": {
            "submission": str(submission.public_id),
            "enrolment": str(submission.enrolment.public_id),
            "learner_email": "learner@example.org",
            "microcredential": submission.enrolment.microcredential.slug,
            "attempt": 1,
            "outcome": "merit",
            "mark": 63,
            "credit": str(released.credit.public_id),
        },
    }


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_released_result_is_sent_after_commit_through_the_outbox(
    learner: User, uol_team: dict[str, User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    endpoint_for(uol_team["registry"], events=(WebhookEvent.RESULT_RELEASED,))

    with django_capture_on_commit_callbacks(execute=False):  # type: ignore[attr-defined]
        release(learner, uol_team)

    [delivery] = WebhookDelivery.objects.all()
    message = OutboxMessage.objects.get(key=f"api.webhook_deliver:{delivery.pk}:0")
    assert (message.task_name, message.args, message.status) == (
        "microcred.api.webhooks.tasks.webhook_deliver",
        [delivery.pk],
        "pending",
    )


@time_machine.travel(RELEASED_AT, tick=False)
def test_only_the_providers_active_endpoints_that_asked_for_the_event_get_it(
    learner: User, uol_team: dict[str, User], ou_registry: User
) -> None:
    # given
    wanted = endpoint_for(uol_team["registry"], events=(WebhookEvent.RESULT_RELEASED,))
    endpoint_for(uol_team["registry"], events=(WebhookEvent.ENROLMENT_CREATED,))
    disabled = endpoint_for(uol_team["registry"], events=(WebhookEvent.RESULT_RELEASED,))
    assert disabled.provider is not None
    endpoints.endpoint_disable(provider=disabled.provider, endpoint_id=disabled.pk)
    endpoint_for(ou_registry, events=(WebhookEvent.RESULT_RELEASED,))
    # when
    release(learner, uol_team)
    # then
    assert list(WebhookDelivery.objects.values_list("endpoint_id", "event")) == [
        (wanted.pk, "result.released")
    ]


@time_machine.travel(RELEASED_AT, tick=False)
def test_an_event_announced_again_is_one_delivery(learner: User, uol_team: dict[str, User]) -> None:
    # given
    endpoint_for(uol_team["registry"], events=(WebhookEvent.RESULT_RELEASED, WebhookEvent.CREDENTIAL_ISSUED))
    released = release(learner, uol_team)
    assert released.credit is not None
    badge = credential_services.credential_issue_for_credit(credit_id=released.credit.pk)
    before = list(WebhookDelivery.objects.values_list("pk", "event_id", "payload").order_by("pk"))
    # when
    events.result_released(submission_id=released.submission.pk)
    events.credentials_issued(public_ids=[badge.public_id])
    credential_services.credential_issue_for_credit(credit_id=released.credit.pk)
    again = submission_release(submission_id=released.submission.pk, actor=uol_team["registry"])
    # then
    assert again.is_new is False
    assert list(WebhookDelivery.objects.values_list("pk", "event_id", "payload").order_by("pk")) == before
    assert [event for _, event in WebhookDelivery.objects.values_list("pk", "event").order_by("pk")] == [
        "result.released",
        "credential.issued",
    ]
    assert OutboxMessage.objects.filter(key__startswith="api.webhook_deliver:").count() == 2


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_a_replayed_payment_announces_its_enrolment_once(learner: User, uol_registry: User) -> None:
    endpoint_for(uol_registry, events=(WebhookEvent.ENROLMENT_CREATED,))
    enrolment_services.cart_item_add(learner=learner, microcredential=uol_course(), track=None, cohort=None)
    order = place(learner)
    pay(order)
    order.refresh_from_db()
    assert order.checkout is not None

    enrolment_services.order_fulfil(order.checkout)

    assert WebhookDelivery.objects.count() == 1


def _release_then_fail(submission: Submission, team: dict[str, User]) -> None:
    with transaction.atomic():
        released_result(
            submission, 63, marker=team["marker"], moderator=team["moderator"], registry=team["registry"]
        )
        raise RuntimeError("the change fails after the release")


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_rolled_back_release_records_and_sends_nothing(
    learner: User,
    uol_team: dict[str, User],
    receiver: Receiver,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    # given
    endpoint_for(uol_team["registry"], url=receiver.url)
    enrolment = enrolment_for(learner, course("uol"))
    submission = submit_file(enrolment)
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):  # type: ignore[attr-defined]
        _release_then_fail(submission, uol_team)
    # then
    assert callbacks == []
    assert (WebhookDelivery.objects.count(), Credit.objects.count()) == (0, 0)
    assert not OutboxMessage.objects.filter(key__startswith="api.webhook_deliver:").exists()
    assert receiver.requests == []


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_committed_release_is_sent_once_it_commits(
    learner: User,
    uol_team: dict[str, User],
    receiver: Receiver,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    endpoint_for(uol_team["registry"], url=receiver.url, events=(WebhookEvent.RESULT_RELEASED,))

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        released = release(learner, uol_team)

    [request] = receiver.requests
    assert request.headers["Microcred-Event-Type"] == "result.released"
    assert request.headers["Microcred-Event-Id"] == event_id("result.released", released.submission.public_id)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        WebhookDeliveryStatus.DELIVERED,
        1,
        200,
    )


SIXTY_THREE = re.compile(r"\b63\b")


@time_machine.travel(RELEASED_AT, tick=False)
def test_r_as5_an_ibers_result_never_carries_the_mark(
    learner: User, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    # given
    team = team_of(staff(Role.REGISTRY_OFFICER, "ibers", "registry@ibers.example.org"))
    endpoint_for(team["registry"], url=receiver.url)
    # when
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        release(learner, team, provider="ibers", mark=63)
    # then
    result = WebhookDelivery.objects.get(event=WebhookEvent.RESULT_RELEASED)
    assert (result.payload["data"]["outcome"], result.payload["data"]["mark"]) == ("pass", None)
    sent = [request.body.decode() for request in receiver.requests]
    assert len(sent) == WebhookDelivery.objects.count() >= 1
    assert [SIXTY_THREE.findall(body) for body in sent] == [[] for _ in sent]
    stored = json.dumps(list(WebhookDelivery.objects.values_list("payload", flat=True)))
    assert SIXTY_THREE.findall(stored) == []
