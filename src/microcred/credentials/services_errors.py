"""Why a credentials write was refused. Each names the field it is about and carries a message fit to show
next to that field; a page turns it into a form error or a message, never a 500."""


class CredentialRefused(Exception):
    """Base of every credentials refusal: ``field`` names what is wrong, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotPermitted(CredentialRefused):
    """R-CD4: only a registry officer of the issuing provider may revoke its credentials."""


class AlreadyRevoked(CredentialRefused):
    """Revocation is final; a revoked credential cannot be revoked again."""


class NothingToIssue(CredentialRefused):
    """The learner holds no credential a transcript could list, or the credit has no passed result."""
