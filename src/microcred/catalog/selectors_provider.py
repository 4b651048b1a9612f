"""A provider's own catalogue, published or not, for its systems (the API): never another provider's."""

from django.db.models import Prefetch, QuerySet

from microcred.catalog.models import Cohort, Microcredential, Price, Provider, Subject


def provider_microcredentials(provider: Provider) -> QuerySet[Microcredential]:
    """With subjects, cohorts and prices: a page of them in five queries, however long."""
    return (
        Microcredential.objects.filter(provider=provider)
        .select_related("provider", "primary_subject")
        .prefetch_related(
            Prefetch("subjects", queryset=Subject.objects.order_by("slug")),
            Prefetch("cohorts", queryset=Cohort.objects.order_by("starts_on", "id")),
            Prefetch("prices", queryset=Price.objects.order_by("track", "effective_from", "id")),
        )
        .order_by("slug", "id")
    )


def provider_microcredential(provider: Provider, slug: str) -> Microcredential | None:
    return provider_microcredentials(provider).filter(slug=slug).first()


def provider_cohort(provider: Provider, cohort_id: int) -> Cohort | None:
    return (
        Cohort.objects.select_related("microcredential")
        .filter(pk=cohort_id, microcredential__provider=provider)
        .first()
    )


def provider_price(provider: Provider, price_id: int) -> Price | None:
    return (
        Price.objects.select_related("microcredential")
        .filter(pk=price_id, microcredential__provider=provider)
        .first()
    )
