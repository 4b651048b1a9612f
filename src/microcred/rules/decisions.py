"""The shape every yes/no decision of the rules shares: whether it is allowed and a reason a page can show."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
