import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from microcred.catalog.models.provider import Provider
from microcred.catalog.models.validation import policy_for, refuse_overlap
from microcred.rules.credit import level_of
from microcred.rules.errors import RuleInputError


class StartMode(models.TextChoices):
    """R-CA2: how a microcredential starts."""

    ANYTIME = "anytime", "Start any time"
    COHORT = "cohort", "Fixed start dates"
    RELEASE = "release", "From its release date"


class FormOfParticipation(models.TextChoices):
    """R-CA1 / R-CA3 element 10."""

    ONLINE = "online", "Online"
    ON_CAMPUS = "on_campus", "On campus"
    BLENDED = "blended", "Blended"


class Subject(models.Model):
    """A subject area, shared by every provider; award titles are named after subjects (R-AW2)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Microcredential(models.Model):
    """A short course worth credit, with every element R-CA1 and R-CA3 ask the catalogue to show."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="microcredentials")
    slug = models.SlugField(max_length=80, help_text="Unique within the provider; part of the course URL.")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, help_text="One or two sentences shown in the catalogue list.")
    description = models.TextField(blank=True)
    subjects = models.ManyToManyField(Subject, related_name="microcredentials")
    primary_subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The subject its credit counts in (R-AW2).",
    )
    # Names of all subjects, kept by services.microcredential_subjects_set so search reads one row.
    subject_names = models.TextField(blank=True, editable=False)
    delivery_partner = models.CharField(
        max_length=200, blank=True, help_text="Leave blank to use the provider's delivery partner, if any."
    )
    credits = models.PositiveSmallIntegerField(help_text="UK credits; 1 credit = 10 notional hours (R-CR1).")
    level = models.PositiveSmallIntegerField(help_text="FHEQ level, 4–8 (R-CR2).")
    weeks = models.PositiveSmallIntegerField(help_text="Stated duration in weeks.")
    hours_per_week = models.PositiveSmallIntegerField(help_text="Stated study hours per week.")
    learning_outcomes = models.TextField(help_text="One learning outcome per line, in order.")
    # R-AS1/R-AS4: the assessment type (and so its pass mark) and the grading scheme are the policy's.
    assessment_type = models.CharField(
        max_length=40, help_text="An assessment type id from the provider's policy, e.g. project."
    )
    form_of_participation = models.CharField(
        max_length=20, choices=FormOfParticipation.choices, default=FormOfParticipation.ONLINE
    )
    entry_requirements = models.TextField(
        blank=True, help_text="Anything beyond the provider's policy declarations, which are always shown."
    )
    start_mode = models.CharField(max_length=20, choices=StartMode.choices)
    release_date = models.DateField(
        null=True, blank=True, help_text="Required when it starts from a release date."
    )
    prerequisites = models.TextField(blank=True)
    identity_verified_at_assessment = models.BooleanField(
        default=True,
        help_text="The learner's identity is reliably verified at the point of assessment (R-CA4).",
    )
    supervision_and_identity_verification = models.TextField(
        blank=True, help_text="How assessment is supervised and identity verified (R-CA3, optional element)."
    )
    further_information = models.TextField(blank=True)
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "slug"], name="catalog_mc_slug_unique_per_provider"),
            models.CheckConstraint(condition=Q(credits__gt=0), name="catalog_mc_credits_positive"),
            models.CheckConstraint(condition=Q(level__gte=4, level__lte=8), name="catalog_mc_level_fheq"),
            models.CheckConstraint(condition=Q(weeks__gt=0), name="catalog_mc_weeks_positive"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0), name="catalog_mc_hours_per_week_positive"
            ),
            models.CheckConstraint(
                condition=~Q(start_mode=StartMode.RELEASE) | Q(release_date__isnull=False),
                name="catalog_mc_release_mode_has_date",
            ),
            models.CheckConstraint(
                condition=Q(start_mode__in=StartMode.values), name="catalog_mc_start_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(form_of_participation__in=FormOfParticipation.values),
                name="catalog_mc_form_of_participation_valid",
            ),
        ]
        # The catalogue's orders (R-CA6), so a page is read from an index instead of sorting every course.
        indexes = [
            models.Index(fields=["is_published", "title", "id"], name="catalog_mc_published_title"),
            models.Index(fields=["is_published", "-created_at", "-id"], name="catalog_mc_published_newest"),
            models.Index(
                fields=["is_published", "credits", "title", "id"], name="catalog_mc_published_credits"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_mode == StartMode.RELEASE and self.release_date is None:
            raise ValidationError({"release_date": "a course that starts on release needs a release date"})
        if self.provider_id is None or self.level is None:
            return
        policy = policy_for(self.provider)
        try:
            level_of(self.level, policy.credit)
        except RuleInputError as error:
            raise ValidationError({"level": str(error).removeprefix("level: ")}) from None
        known = [kind.id for kind in policy.assessment.types]
        if self.assessment_type not in known:
            raise ValidationError(
                {"assessment_type": f"must be one of the policy's types: {', '.join(known)}"}
            )

    @property
    def stated_hours(self) -> int:
        """Weeks × hours a week, as the provider states it (OU: 12 × 13 = 156); not what credit counts."""
        return self.weeks * self.hours_per_week

    @property
    def learning_outcome_list(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.learning_outcomes.splitlines() if line.strip())

    @property
    def delivery_partner_name(self) -> str:
        return self.delivery_partner or self.provider.delivery_partner


class Cohort(models.Model):
    """A fixed start date of a cohort-mode microcredential (R-CA2: OU starts three times a year)."""

    microcredential = models.ForeignKey(Microcredential, on_delete=models.CASCADE, related_name="cohorts")
    starts_on = models.DateField()
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave blank for no limit.")

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["microcredential", "starts_on"], name="catalog_cohort_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="catalog_cohort_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.microcredential} from {self.starts_on:%d %B %Y}"

    def clean(self) -> None:
        if self.microcredential_id and self.microcredential.start_mode != StartMode.COHORT:
            raise ValidationError({"microcredential": "only a course with fixed start dates has cohorts"})


class Price(models.Model):
    """The price of one track of a microcredential over a span of dates (R-EN2: price lists have effective
    dates; R-EN7: integer minor units). The track ids are the provider's policy tracks. ``effective_to`` is
    the last day the price applies; blank means until further notice."""

    microcredential = models.ForeignKey(Microcredential, on_delete=models.CASCADE, related_name="prices")
    track = models.SlugField(max_length=40, help_text="A track id from the provider's policy.")
    amount_minor = models.IntegerField(help_text="In minor units (pence).")
    currency = models.CharField(max_length=3, default="GBP")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["microcredential_id", "track", "effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gte=0), name="catalog_price_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="catalog_price_effective_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="catalog_price_currency_iso"
            ),
            models.UniqueConstraint(
                fields=["microcredential", "track", "effective_from"], name="catalog_price_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["microcredential", "effective_from"], name="catalog_price_mc_from")]

    def __str__(self) -> str:
        return f"{self.microcredential} {self.track}: {self.amount_minor} {self.currency}"

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def clean(self) -> None:
        if not self.microcredential_id:
            return
        policy = policy_for(self.microcredential.provider, field="microcredential")
        if policy.track(self.track) is None:
            known = ", ".join(track.id for track in policy.tracks)
            raise ValidationError({"track": f"must be one of the policy's tracks: {known}"})
        if self.currency != policy.currency:
            raise ValidationError({"currency": f"the provider's policy charges in {policy.currency}"})
        others = Price.objects.filter(microcredential_id=self.microcredential_id, track=self.track)
        refuse_overlap(others.exclude(pk=self.pk), self.effective_from, self.effective_to, "price")
