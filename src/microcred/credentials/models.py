"""Issuers and their keys, the learners credentials name, status lists, and the credentials themselves
(R-CD1 … R-CD4).

A credential keeps the exact JSON text it was signed as: the bytes a learner downloads are the bytes that
were signed, whatever the database does to JSON. Revocation is final (W3C ``revocation``, not
``suspension``); every change of status is a row of :class:`CredentialStatusEvent`, kept for ever.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from microcred.assessment.models import Credit
from microcred.catalog.models import Provider

PLATFORM_ISSUER_SLUG = "platform"


class Issuer(models.Model):
    """Who signs: one per provider (the awarding body, R-CD1), and the platform itself for transcripts
    (R-CD2). Its DID is ``did:web`` under ``CREDENTIALS_PUBLIC_HOST`` when that is set, else the ``did:key``
    of its signing key."""

    slug = models.SlugField(max_length=40, unique=True, help_text="The last part of its did:web.")
    provider = models.OneToOneField(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="credential_issuer"
    )
    name = models.CharField(
        max_length=200, help_text="Used for the platform; a provider's issuer shows the provider."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_platform(self) -> bool:
        return self.provider_id is None


class IssuerKey(models.Model):
    """An Ed25519 key of an issuer (a Multikey). Rotation retires the signing key and adds a new one; retired
    keys stay in the DID document, so what they signed still verifies."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    fragment = models.CharField(max_length=20, help_text="The key's id in the DID document: key-1, key-2 …")
    public_key_multibase = models.CharField(max_length=60, unique=True)
    # AES-GCM sealed (microcred.credentials.key_store); never shown, logged or exported.
    sealed_private_key = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issuer_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "fragment"], name="credentials_key_fragment_unique"),
            models.UniqueConstraint(
                fields=["issuer"], condition=Q(retired_at__isnull=True), name="credentials_one_signing_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer.slug}#{self.fragment}"

    @property
    def is_signing(self) -> bool:
        return self.retired_at is None


class Recipient(models.Model):
    """A learner as credentials name them: a stable pseudonymous id (``urn:uuid:…``) and the salt their
    e-mail address is hashed with, the same in every credential they hold."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credential_recipient"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email_salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"urn:uuid:{self.public_id}"


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", "Revocation"


class StatusList(models.Model):
    """One W3C Bitstring Status List of an issuer (R-CD4), and its current signed credential. Indexes are
    handed out in the order of a per-list permutation (``position * multiplier + offset`` modulo the size,
    a bijection because the size is a power of two and the multiplier odd), so an index does not tell the
    order credentials were issued in."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_lists")
    # A list is signed by one key, named as it was when the list was made, so the list's issuer stays the
    # issuer of the credentials it covers even after a rotation (a did:key issuer changes with its key).
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="status_lists")
    verification_method = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=StatusPurpose.choices, default=StatusPurpose.REVOCATION)
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField(help_text="Bits in the list: a power of two, at least 131,072.")
    next_position = models.PositiveIntegerField(default=0)
    multiplier = models.PositiveIntegerField()
    offset = models.PositiveIntegerField()
    bits = models.BinaryField(editable=False)
    document_json = models.TextField(editable=False, help_text="The signed BitstringStatusListCredential.")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["issuer_id", "purpose", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "purpose", "number"], name="credentials_list_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(next_position__lte=models.F("size")), name="credentials_list_not_over"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=StatusPurpose.values), name="credentials_list_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer.slug} {self.purpose} list {self.number}"

    def index_at(self, position: int) -> int:
        return (position * self.multiplier + self.offset) % self.size


class CredentialKind(models.TextChoices):
    BADGE = "badge", "Open Badge (AchievementCredential)"
    TRANSCRIPT = "transcript", "Transcript (CLR ClrCredential)"
    AWARD = "award", "Award (AchievementCredential)"


class Credential(models.Model):
    """A signed credential: a learner's badge for one credit (R-CD1), a transcript of them (R-CD2), or the
    credential of an award conferred from them (R-AW4)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credentials"
    )
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="credentials")
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials")
    # One badge per credit: a retried or repeated issuance finds this row instead of signing again.
    credit = models.OneToOneField(
        Credit, null=True, blank=True, on_delete=models.PROTECT, related_name="credential"
    )
    # One credential per conferred award: a replayed conferment or a retried task finds this row. Named by
    # string: awards sits above credentials, which never imports it.
    award_claim = models.OneToOneField(
        "awards.AwardClaim", null=True, blank=True, on_delete=models.PROTECT, related_name="award_credential"
    )
    # A transcript's: the learner and the badges it holds, so asking again for the same gives the same one.
    contents_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    title = models.CharField(max_length=300)
    issued_at = models.DateTimeField()
    document_json = models.TextField(editable=False, help_text="The credential exactly as signed.")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="credentials")
    status_index = models.PositiveIntegerField()
    is_revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            # R-CD4: two credentials never share a status bit, however they race.
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credentials_status_index_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CredentialKind.values), name="credentials_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=CredentialKind.BADGE,
                    credit__isnull=False,
                    contents_key__isnull=True,
                    award_claim__isnull=True,
                )
                | Q(
                    kind=CredentialKind.TRANSCRIPT,
                    credit__isnull=True,
                    contents_key__isnull=False,
                    award_claim__isnull=True,
                )
                | Q(
                    kind=CredentialKind.AWARD,
                    credit__isnull=True,
                    contents_key__isnull=True,
                    award_claim__isnull=False,
                ),
                name="credentials_each_kind_has_its_subject",
            ),
            models.CheckConstraint(
                condition=Q(is_revoked=False, revoked_at__isnull=True)
                | Q(is_revoked=True, revoked_at__isnull=False),
                name="credentials_revoked_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "kind", "-issued_at"], name="credentials_of_learner"),
            models.Index(fields=["issuer", "-issued_at"], name="credentials_of_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def credential_id(self) -> str:
        return f"urn:uuid:{self.public_id}"


class RevocationReason(models.TextChoices):
    """R-CD4: why a credential was revoked."""

    MISCONDUCT = "misconduct", "Academic misconduct"
    REFUND = "refund", "Refunded enrolment"
    SUPERSEDED = "superseded", "Superseded by a higher award"
    ISSUED_IN_ERROR = "issued_in_error", "Issued in error"


class CredentialStatusEvent(models.Model):
    """R-CD4: the history of a credential's status: who revoked it (none for the platform acting on a refund
    or a superseding award), when and why. Rows are only ever added."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="status_events")
    reason = models.CharField(max_length=20, choices=RevocationReason.choices)
    note = models.CharField(max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=RevocationReason.values), name="credentials_event_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.credential} at {self.at:%Y-%m-%d %H:%M}"


class ExternalCompletion(models.Model):
    """A partner platform's completion, under the provider's own key for it: the same key sent again finds
    this row and issues nothing more (the API's bulk issuance is idempotent by it). Refused rows leave none,
    so the caller may correct and resend them under the same key."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    external_key = models.CharField(max_length=100, help_text="The caller's own id of the completion.")
    credit = models.ForeignKey(Credit, on_delete=models.PROTECT, related_name="external_completions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The API key that sent it, when a provider system did (it has no user row).
    recorded_by_label = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_key"], name="credentials_completion_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_key} of provider {self.provider_id}"
