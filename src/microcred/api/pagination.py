"""Cursor pagination: the cursor is opaque to callers (a base64 position in a stable order, every order
ending in the primary key), so it can change form later without breaking them."""

import base64
import binascii
import json

from microcred.api.errors import ApiError

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100


def cursor_for(position: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"p": position}).encode()).decode().rstrip("=")


def position_of(cursor: str | None) -> int:
    """The position a cursor points at; a cursor we did not make is a clean 400 naming the parameter."""
    if not cursor:
        return 0
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        position = decoded["p"]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise ApiError(
            400, "invalid_cursor", "This cursor was not made by this API.", {"field": "cursor"}
        ) from error
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise ApiError(400, "invalid_cursor", "This cursor was not made by this API.", {"field": "cursor"})
    return position
