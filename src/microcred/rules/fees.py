"""R-EN2/3: what a track costs, when a top-up to the credit-bearing track is possible, and who may sit the
final assessment."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from microcred.rules.dates import long_date
from microcred.rules.decisions import Decision
from microcred.rules.errors import RuleInputError
from microcred.rules.money import Money, total
from microcred.rules.policy import Policy, Track


def track_of(policy: Policy, track_id: str) -> Track:
    track = policy.track(track_id)
    if track is None:
        known = ", ".join(track.id for track in policy.tracks)
        raise RuleInputError(f'track: {policy.provider} has no track "{track_id}" (known: {known})')
    return track


def track_price(policy: Policy, track_id: str) -> Money:
    """The policy's price for a track (a course's own price list, with effective dates, may override it)."""
    return Money(track_of(policy, track_id).price_minor, policy.currency)


def cart_total(prices: Sequence[Money], currency: str) -> Money:
    """R-EN2: one charge for the whole cart."""
    if not prices:
        raise RuleInputError("cart: at least one microcredential is required")
    return total(prices, currency)


@dataclass(frozen=True)
class TopUpDecision:
    allowed: bool
    price: Money | None
    to_track: str | None
    reason: str


def top_up_decision(
    policy: Policy, current_track: str, registration_expires_on: date | None, today: date
) -> TopUpDecision:
    """R-EN3: a learning-only learner may top up to credit-bearing until the registration expires."""
    track_of(policy, current_track)
    top_up = policy.top_up
    if top_up is None:
        return TopUpDecision(False, None, None, f"{policy.name} offers no top-up.")
    if current_track != top_up.from_track:
        name = track_of(policy, current_track).name
        reason = (
            f"Already on the {name} track."
            if current_track == top_up.to_track
            else f"There is no top-up from the {name} track."
        )
        return TopUpDecision(False, None, None, reason)
    if registration_expires_on is not None and today >= registration_expires_on:
        reason = f"The registration expired on {long_date(registration_expires_on)}."
        return TopUpDecision(False, None, None, reason)
    price = Money(top_up.price_minor, policy.currency)
    to_track = track_of(policy, top_up.to_track)
    return TopUpDecision(True, price, to_track.id, f"Top up to {to_track.name} for {price}.")


def assessment_access(policy: Policy, track_id: str) -> Decision:
    """R-EN3: only learners on a credit-bearing track may sit the final assessment."""
    track = track_of(policy, track_id)
    if track.credit_bearing:
        return Decision(True, f"The {track.name} track includes the final assessment.")
    return Decision(False, f"The {track.name} track does not include the final assessment; top up to sit it.")
