"""Verification answers (R-CD3) and issuer profiles, as the credential page shows them."""

import datetime as dt

from ninja import Schema


class FactsOut(Schema):
    is_transcript: bool
    title: str
    learner_name: str | None
    issuer_name: str
    issuer_id: str
    valid_from: dt.datetime | None
    awarded: dt.datetime | None
    credits: float | None
    level: str
    result: str | None


class EmbeddedVerificationOut(Schema):
    verdict: str
    reason: str
    facts: FactsOut | None


class VerificationOut(Schema):
    verdict: str
    is_valid: bool
    reason: str
    facts: FactsOut | None
    embedded: list[EmbeddedVerificationOut]


class IssuerProfileOut(Schema):
    id: str
    name: str
    url: str
    country: str
    country_code: str
    region: str


class CredentialOut(Schema):
    public_id: str
    kind: str
    title: str
    is_revoked: bool
    issued_at: dt.datetime
    verification_url: str
