class AccountError(Exception):
    """Bad input to an accounts service, naming the field so callers can show it next to that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
