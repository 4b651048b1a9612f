"""Schemas shared by every router: the error body and money."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class MoneyOut(Schema):
    amount_minor: int
    currency: str


ERRORS_PUBLIC: dict[int, type[Schema]] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
ERRORS_SIGNED_IN: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}

# Ids in paths are bounded, so an absurd number is a clean 422 and never an overflow in the database.
MAX_ID = 2**31 - 1
