"""Why an awards write was refused. Each names the field it is about and carries a message fit to show the
learner or officer next to it; a page turns it into a message, never a 500."""


class AwardError(Exception):
    """Base of every awards refusal: ``field`` names what is wrong, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotPermitted(AwardError):
    """Only a registry officer of the claim's provider may decide it."""


class ClaimRefused(AwardError):
    """R-AW3, R-AW4: the chosen credit does not make up the award; ``message`` joins every reason."""


class CreditTaken(AwardError):
    """R-AW4: a chosen credit already counts towards another award or open claim."""


class NotOpen(AwardError):
    """The claim has already been decided."""
