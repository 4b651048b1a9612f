"""R-AW3 over a whole provider: who can claim what, set-based. One query streams the provider's free credit
ordered by learner; the rules core plans each learner as their rows go by, so memory holds one learner."""

import itertools
from collections.abc import Iterator
from operator import itemgetter

from microcred.assessment.models import Credit
from microcred.catalog.models import Provider
from microcred.rules.awards import AwardOptions, HeldCredit, award_options

CHUNK_ROWS = 20_000


def claimable_by_learner(provider: Provider) -> Iterator[tuple[int, AwardOptions]]:
    """Each learner with credit of ``provider`` not held by any award or claim, and what it reaches now.
    Credit of conferred awards is left out, so awards that would supersede them are not offered here."""
    policy = provider.policy
    rows = (
        Credit.objects.filter(provider=provider, award_use__isnull=True)
        .order_by("learner_id", "awarded_on", "id")
        .values_list("learner_id", "id", "subject", "credits", "level", "awarded_on")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    slug = provider.policy_slug
    for learner_id, learner_rows in itertools.groupby(rows, key=itemgetter(0)):
        held = [
            HeldCredit(str(credit_id), slug, subject, credits, level, awarded_on)
            for _learner, credit_id, subject, credits, level, awarded_on in learner_rows
        ]
        yield learner_id, award_options(policy, held)
