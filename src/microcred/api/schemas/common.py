"""Schemas shared by every router: the error body and money."""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

# Every string a caller sends goes through one of these: no control characters, so a NUL (which PostgreSQL
# refuses in text) or a line break in a name is a clean 422, never a database error.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Name = Annotated[str, Field(min_length=1, max_length=100, pattern=PRINTABLE)]


def printable(max_length: int, default: str = "", description: str | None = None) -> Any:
    """A query or body string field of at most ``max_length`` printable characters."""
    return Field(default, max_length=max_length, pattern=PRINTABLE, description=description)


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


def _plain_text(value: str) -> str:
    """Text of many lines (line breaks and tabs allowed), still no NUL, which PostgreSQL refuses, and no lone
    surrogate, which UTF-8 cannot encode."""
    if "\x00" in value or any("\ud800" <= character <= "\udfff" for character in value):
        raise ValueError("must not contain NUL characters or lone surrogates")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]


def _iso_text(value: object) -> object:
    """Dates and times come as ISO 8601 text; a number (pydantic would take it as a timestamp) is refused."""
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 string")
    return value


TextDate = Annotated[dt.date, BeforeValidator(_iso_text)]
TextDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_text)]
