"""W3C Bitstring Status List v1.0: one bit per credential, set when the credential is revoked (or suspended).

``encodedList`` is ``u`` (multibase base64url, no padding) + base64url(GZIP(bitstring)). Bit *i* is the bit
``7 - i % 8`` of byte ``i // 8`` (most significant bit first). A list holds at least 131,072 bits (16 KiB), so
that one credential's index says little about who holds it.
"""

import base64
import binascii
import gzip
import zlib
from dataclasses import dataclass
from typing import Final

from microcred.credentials.errors import StatusListError

MINIMUM_BITS: Final = 131_072
MULTIBASE_BASE64URL: Final = "u"
# Level 6 (zlib's default) with no time stamp: the bytes the W3C example and JavaScript issuers produce.
_GZIP_LEVEL: Final = 6
# A decoded list larger than this is refused rather than inflated (a small GZIP stream can expand hugely).
DEFAULT_MAXIMUM_BYTES: Final = 16 * 1024 * 1024


@dataclass(frozen=True)
class StatusList:
    """The bits of one status list; changing a bit gives a new list."""

    bits: bytes

    def __post_init__(self) -> None:
        if len(self.bits) * 8 < MINIMUM_BITS:
            raise StatusListError(
                f"a status list holds at least {MINIMUM_BITS} bits, not {len(self.bits) * 8}"
            )

    @classmethod
    def empty(cls, size: int = MINIMUM_BITS) -> "StatusList":
        """A list of ``size`` bits, all clear; ``size`` is a multiple of 8."""
        if size % 8:
            raise StatusListError(f"a status list's size is a whole number of bytes; {size} bits is not")
        return cls(bytes(size // 8))

    @property
    def size(self) -> int:
        return len(self.bits) * 8

    def is_set(self, index: int) -> bool:
        self._check(index)
        return bool(self.bits[index // 8] & (0x80 >> (index % 8)))

    def with_bit(self, index: int, *, is_set: bool) -> "StatusList":
        self._check(index)
        changed = bytearray(self.bits)
        if is_set:
            changed[index // 8] |= 0x80 >> (index % 8)
        else:
            changed[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF
        return StatusList(bytes(changed))

    def encode(self) -> str:
        """The ``encodedList`` value."""
        compressed = gzip.compress(self.bits, compresslevel=_GZIP_LEVEL, mtime=0)
        return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, encoded_list: str, *, maximum_bytes: int = DEFAULT_MAXIMUM_BYTES) -> "StatusList":
        """The list an ``encodedList`` value holds (:class:`StatusListError` naming what is wrong)."""
        if not isinstance(encoded_list, str) or not encoded_list.startswith(MULTIBASE_BASE64URL):
            raise StatusListError("encodedList must be multibase base64url (starting with 'u')")
        body = encoded_list[1:]
        try:
            compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (binascii.Error, ValueError):
            raise StatusListError("encodedList is not valid base64url") from None
        return cls(_inflate(compressed, maximum_bytes))

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"status index {index} is outside a list of {self.size} bits")


def _inflate(compressed: bytes, maximum_bytes: int) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        bits = inflater.decompress(compressed, maximum_bytes)
    except zlib.error:
        raise StatusListError("encodedList is not a GZIP stream") from None
    if inflater.unconsumed_tail:
        raise StatusListError(f"encodedList inflates to more than {maximum_bytes} bytes")
    if not inflater.eof:
        raise StatusListError("encodedList is a truncated GZIP stream")
    return bits


def status_index(value: object) -> int:
    """A ``statusListIndex`` value (a string of decimal digits) as a number."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise StatusListError(f"statusListIndex must be a string of digits, not {value!r}")
    return int(value)
