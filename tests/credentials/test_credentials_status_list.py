"""W3C Bitstring Status List: how a credential is revoked (R-CD4)."""

import base64
import gzip

import pytest
from credential_builders import vector_json

from microcred.credentials.canonicalization import canonicalize
from microcred.credentials.errors import StatusListError
from microcred.credentials.status_list import MINIMUM_BITS, StatusList, status_index

SPEC_ENCODED_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def _gzip_base64url(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(data, mtime=0)).rstrip(b"=").decode()


def test_r_cd4_spec_example_list_decodes_to_131072_clear_bits() -> None:
    credential = vector_json("bitstring-status-list/example-bitstring-status-list-credential.json")

    status_list = StatusList.decode(credential["credentialSubject"]["encodedList"])

    assert credential["credentialSubject"]["encodedList"] == SPEC_ENCODED_LIST
    assert status_list == StatusList(bytes(16_384))
    assert status_list.size == MINIMUM_BITS == 131_072


def test_r_cd4_an_empty_list_encodes_to_the_spec_example_byte_for_byte() -> None:
    assert StatusList.empty().encode() == SPEC_ENCODED_LIST


def test_r_cd4_bit_42_is_bit_5_of_byte_5_most_significant_first() -> None:
    revoked = StatusList.empty().with_bit(42, is_set=True)

    assert revoked.bits[5] == 0x20
    assert sum(revoked.bits) == 0x20
    assert revoked.is_set(42) is True
    assert revoked.is_set(41) is False
    assert revoked.is_set(43) is False


def test_r_cd4_setting_and_clearing_bits_round_trips_through_the_encoding() -> None:
    indexes = (0, 7, 8, 94_567, 131_071)
    status_list = StatusList.empty()
    for index in indexes:
        status_list = status_list.with_bit(index, is_set=True)

    decoded = StatusList.decode(status_list.encode())
    cleared = decoded.with_bit(94_567, is_set=False)

    assert [index for index in range(MINIMUM_BITS) if decoded.is_set(index)] == list(indexes)
    assert [index for index in range(MINIMUM_BITS) if cleared.is_set(index)] == [0, 7, 8, 131_071]
    assert decoded.bits[0] == 0b1000_0001
    assert decoded.bits[1] == 0b1000_0000


def test_r_cd4_a_larger_list_keeps_its_size() -> None:
    status_list = StatusList.empty(262_144).with_bit(200_000, is_set=True)

    assert StatusList.decode(status_list.encode()) == status_list
    assert StatusList.decode(status_list.encode()).size == 262_144


def test_r_cd4_spec_entries_name_their_index_as_a_string_of_digits() -> None:
    credential = vector_json(
        "bitstring-status-list/example-credential-revocation-and-suspension-entries.json"
    )

    indexes = [status_index(entry["statusListIndex"]) for entry in credential["credentialStatus"]]

    assert indexes == [94_567, 23_452]


@pytest.mark.parametrize("value", [94567, "-1", "1e3", "٣", "", None])
def test_r_cd4_a_status_index_that_is_not_digits_is_refused(value: object) -> None:
    with pytest.raises(StatusListError, match="statusListIndex must be a string of digits"):
        status_index(value)


def test_r_cd4_the_vc_2_context_defines_the_status_list_terms() -> None:
    credential = vector_json("bitstring-status-list/example-bitstring-status-list-credential.json")

    assert (
        "<https://example.com/status/3#list> <https://www.w3.org/ns/credentials/status#encodedList> "
        f'"{SPEC_ENCODED_LIST}"^^<https://w3id.org/security#multibase> .\n'
    ) in canonicalize(credential)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        (SPEC_ENCODED_LIST[1:], "encodedList must be multibase base64url \\(starting with 'u'\\)"),
        ("u" + "A" * 5, "encodedList is not valid base64url"),
        ("u" + base64.urlsafe_b64encode(b"not gzip at all").decode(), "encodedList is not a GZIP stream"),
        (_gzip_base64url(bytes(16_383)), "a status list holds at least 131072 bits, not 131064"),
        (_gzip_base64url(bytes(16_384))[:-8], "encodedList is a truncated GZIP stream"),
    ],
)
def test_r_cd4_a_malformed_encoded_list_is_refused_with_the_reason(encoded: str, message: str) -> None:
    with pytest.raises(StatusListError, match=message):
        StatusList.decode(encoded)


def test_r_cd4_a_list_that_inflates_beyond_the_limit_is_refused() -> None:
    with pytest.raises(StatusListError, match="encodedList inflates to more than 16384 bytes"):
        StatusList.decode(_gzip_base64url(bytes(16_385)), maximum_bytes=16_384)


def test_r_cd4_indexes_outside_the_list_and_odd_sizes_are_refused() -> None:
    with pytest.raises(StatusListError, match="status index 131072 is outside a list of 131072 bits"):
        StatusList.empty().is_set(131_072)
    with pytest.raises(StatusListError, match="status index -1 is outside a list of 131072 bits"):
        StatusList.empty().with_bit(-1, is_set=True)
    with pytest.raises(StatusListError, match="a whole number of bytes; 131073 bits is not"):
        StatusList.empty(131_073)
