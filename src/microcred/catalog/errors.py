"""Why a catalogue write was refused. Each carries a message fit to show the user."""


class CatalogError(Exception):
    """Base of catalogue refusals."""


class ReviewNotAllowed(CatalogError):
    """R-CA5: only a learner who completed the course may review it."""


class ReviewAlreadyExists(CatalogError):
    """R-CA5: one review per learner and course."""


class InvalidReview(CatalogError):
    """The review itself is wrong (stars outside 1–5); ``field`` names what."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class CatalogEntryInvalid(CatalogError):
    """A microcredential, cohort or price that the model's checks refuse; ``errors`` maps each field to its
    messages, as a form shows them."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items()))
