"""Awards a learner claims from their credit (R-AW1 … R-AW4), the credit each uses, and their history.

``CreditUse`` makes "a credit counts towards one award only" a database fact: one row per credit, unique,
made when the learner claims (so two claims racing for one credit cannot both stand) and moved to the
higher award when one supersedes another.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from microcred.assessment.models import Credit
from microcred.catalog.models import Provider


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", "Claimed, awaiting the registry"
    CONFERRED = "conferred", "Conferred"
    REFUSED = "refused", "Refused"
    SUPERSEDED = "superseded", "Superseded by a higher award"


class AwardClaim(models.Model):
    """A learner's claim of one award and title from chosen credit; once conferred, the award itself."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_claims"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    award = models.CharField(max_length=60, help_text="The ladder step's name in the provider's policy.")
    title = models.CharField(max_length=300)
    credits = models.PositiveSmallIntegerField()
    achievement_type = models.CharField(
        max_length=40, help_text="OB 3.0 achievement type of the ladder step."
    )
    chosen_credit_ids = models.JSONField(
        default=list, help_text="Every credit id the learner chose, a lower award's it supersedes included."
    )
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED)
    policy_version = models.CharField(max_length=50)
    claimed_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True, help_text="Why it was refused.")
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="awards_claim_status_valid"
            ),
            # One open claim per learner and provider: the registry decides it before the next is made.
            models.UniqueConstraint(
                fields=["learner", "provider"],
                condition=Q(status=ClaimStatus.CLAIMED),
                name="awards_one_open_claim",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status", "claimed_at"], name="awards_claim_queue")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()}) for {self.learner}"


class CreditUse(models.Model):
    """R-AW4: the award (or open claim) a credit counts towards; a credit has at most one."""

    credit = models.OneToOneField(Credit, on_delete=models.PROTECT, related_name="award_use")
    claim = models.ForeignKey(AwardClaim, on_delete=models.PROTECT, related_name="credit_uses")

    class Meta:
        ordering = ["claim", "credit"]

    def __str__(self) -> str:
        return f"credit {self.credit_id} towards claim {self.claim_id}"


class AwardEventKind(models.TextChoices):
    CLAIMED = "claimed", "Claimed"
    CONFERRED = "conferred", "Conferred"
    REFUSED = "refused", "Refused"
    SUPERSEDED = "superseded", "Superseded"


class AwardEvent(models.Model):
    """The history of a claim: who did what, when and why. Rows are only ever added."""

    claim = models.ForeignKey(AwardClaim, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=AwardEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.CharField(max_length=500, blank=True)
    policy_version = models.CharField(max_length=50)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AwardEventKind.values), name="awards_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.claim_id} at {self.at:%Y-%m-%d %H:%M}"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested, awaiting the registry"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class SetExemption(models.Model):
    """R-AW5: a learner's application for exemption from credits of a related master's by one complete set."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    course_set = models.ForeignKey("catalog.CourseSet", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    credits = models.PositiveSmallIntegerField(default=0, help_text="Credits exempted, once granted.")
    is_department_approved = models.BooleanField(default=False)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    policy_version = models.CharField(max_length=50)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # R-AW5: one set only: a learner holds at most one granted exemption of a provider.
            models.UniqueConstraint(
                fields=["learner", "provider"],
                condition=Q(status=RequestStatus.GRANTED),
                name="awards_one_set_exemption",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="awards_exemption_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_set} towards {self.programme} ({self.get_status_display()})"


class QualificationLink(models.Model):
    """R-AW6: a learner asks to count a passed microcredential towards a qualification that lists it."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    credit = models.ForeignKey(Credit, on_delete=models.PROTECT, related_name="qualification_links")
    qualification = models.ForeignKey("catalog.Qualification", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    checks = models.JSONField(default=list, help_text="The rules core's checks when it was decided.")
    policy_version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit", "qualification"],
                condition=~Q(status=RequestStatus.REFUSED),
                name="awards_link_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="awards_link_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credit_id} towards {self.qualification_id} ({self.get_status_display()})"


class CreditTransfer(models.Model):
    """R-AW7: a request to transfer credit into a full degree programme or to another university, carrying
    the learner's signed CLR transcript; the provider's registry records the outcome."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    destination = models.CharField(max_length=300, help_text="The programme or university receiving it.")
    transcript = models.ForeignKey("credentials.Credential", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="awards_transfer_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"transfer to {self.destination} ({self.get_status_display()})"
