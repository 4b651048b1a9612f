"""Why a privacy write was refused. Each names the field it is about and carries a message fit to show the
person asking; a page turns it into a form error, never a 500."""


class PrivacyError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class ErasureRefused(PrivacyError):
    """The account cannot be erased this way (staff), or not yet (something is still being decided)."""
