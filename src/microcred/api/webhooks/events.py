"""The functions settings name for each change (``microcred.common.hooks``), called by the domain service
inside the change's transaction: each records the event's deliveries, and reads nothing more than one
query when no endpoint subscribed to the event.

- ``ENROLMENT_CREATED_HANDLERS``: ``enrolment_created(enrolment_id=…)``, from ``order_fulfil``;
- ``ASSESSMENT_RESULT_RELEASED_HANDLERS``: ``result_released(submission_id=…)``, from ``submission_release``;
- ``CREDENTIAL_ISSUED_HANDLERS``: ``credentials_issued(public_ids=[…])``, from both issuance paths;
- ``CREDENTIAL_REVOKED_HANDLERS``: ``credential_revoked(credential_id=…)``, from every revocation;
- ``AWARD_CONFERRED_HANDLERS``: ``award_conferred(claim_id=…)``, from ``award_confer``."""

import uuid
from collections.abc import Sequence

from microcred.api.models import WebhookEvent
from microcred.api.webhooks import payloads
from microcred.api.webhooks.delivery import deliveries_record, subscribed_endpoints


def enrolment_created(*, enrolment_id: int) -> None:
    endpoints = subscribed_endpoints(WebhookEvent.ENROLMENT_CREATED)
    if endpoints:
        deliveries_record([payloads.enrolment_created(enrolment_id)], endpoints)


def result_released(*, submission_id: int) -> None:
    endpoints = subscribed_endpoints(WebhookEvent.RESULT_RELEASED)
    if endpoints:
        deliveries_record([payloads.result_released(submission_id)], endpoints)


def credentials_issued(*, public_ids: Sequence[uuid.UUID]) -> None:
    endpoints = subscribed_endpoints(WebhookEvent.CREDENTIAL_ISSUED)
    if endpoints and public_ids:
        deliveries_record(payloads.credentials_issued(list(public_ids)), endpoints)


def credential_revoked(*, credential_id: int) -> None:
    endpoints = subscribed_endpoints(WebhookEvent.CREDENTIAL_REVOKED)
    if endpoints:
        deliveries_record(payloads.credential_revoked(credential_id), endpoints)


def award_conferred(*, claim_id: int) -> None:
    endpoints = subscribed_endpoints(WebhookEvent.AWARD_CONFERRED)
    if endpoints:
        deliveries_record([payloads.award_conferred(claim_id)], endpoints)
