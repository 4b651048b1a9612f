"""The cohort fast path signs exactly what the full algorithm signs (R-CD1: a pass issues a badge; a cohort's
badges are issued together)."""

import copy
import json
import re
from typing import Any

import pytest
from credential_builders import (
    RDFC,
    achievement_template,
    cohort_options,
    issuer_key,
    learner_values,
    vector_text,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, parse

from microcred.credentials.canonicalization import SENTINEL_IRI_PREFIX, canonicalize
from microcred.credentials.cohort import CanonicalDocument, CohortShape, CohortSigner, Slot
from microcred.credentials.data_integrity import create_proof, verify_proof
from microcred.credentials.errors import CanonicalizationError, CohortTemplateError, UndefinedTermError
from microcred.credentials.quad_template import QuadTemplate

ESCAPED_NAMES = (
    "Ada Lovelace",
    'Zoë "Zed" O\'Neil \\ back',
    "line\nbreak\r\n and tab\t, backspace\b, form feed\f",
    "bell \x07, delete \x7f, nul \x00, unit separator \x1f",
    "王小明 · Ålesund · Łódź · عائشة · 😀",
    "next line \x85, line separator \u2028",
    "",
)


def _signer(template: dict[str, Any] | None = None) -> CohortSigner:
    key = issuer_key()
    return CohortSigner(template or achievement_template(key), key, cohort_options())


def _assert_same_as_full_path(signer: CohortSigner, values: dict[str, str]) -> CanonicalDocument:
    canonical = signer.shape.canonicalize(values)
    document = signer.shape.fill(values)

    assert canonical.nquads == canonicalize(document)
    assert signer.sign(values) == create_proof(document, issuer_key(), cohort_options())
    return canonical


@pytest.mark.parametrize("name", ESCAPED_NAMES)
def test_r_cd1_fast_and_full_paths_give_the_same_proof(name: str) -> None:
    signer = _signer()

    canonical = _assert_same_as_full_path(signer, learner_values(7, name))

    assert signer.shape.has_fast_path is True
    assert canonical.is_fast_path is True


def test_r_cd1_a_learner_name_can_move_the_subjects_blank_node_label() -> None:
    """The subject is a blank node, so its canonical label follows the hash of its quads, name included."""
    signer = _signer()
    labels = {}
    for name in ("Learner 0", "Learner 2", "Learner 4"):
        canonical = _assert_same_as_full_path(signer, learner_values(1, name))
        line = next(line for line in canonical.nquads.splitlines() if f'"{name}"' in line)
        labels[name] = line.split(" ")[0]
        assert canonical.is_fast_path is True

    assert labels == {"Learner 0": "_:c14n2", "Learner 2": "_:c14n1", "Learner 4": "_:c14n0"}


def test_r_cd1_blank_nodes_with_equal_first_degree_hashes_take_the_full_path() -> None:
    template = achievement_template(issuer_key())
    identity = template["credentialSubject"]["identifier"][0]
    template["credentialSubject"]["identifier"].append({**identity, "identityHash": Slot("student_number")})
    signer = _signer(template)
    values = learner_values(3, "Ada Lovelace")

    different = _assert_same_as_full_path(signer, {**values, "student_number": "S-1003"})
    equal = _assert_same_as_full_path(signer, {**values, "student_number": values["email_hash"]})

    assert different.is_fast_path is True
    assert equal.is_fast_path is False


def test_r_cd1_a_value_that_merges_two_statements_takes_the_full_path() -> None:
    template = achievement_template(issuer_key())
    template["credentialSubject"]["name"] = [Slot("learner_name"), "Ada Lovelace"]
    signer = _signer(template)

    merged = _assert_same_as_full_path(signer, learner_values(4, "Ada Lovelace"))
    separate = _assert_same_as_full_path(signer, learner_values(4, "Ada King"))

    assert merged.is_fast_path is False
    assert merged.nquads.count('"Ada Lovelace"') == 1
    assert separate.is_fast_path is True


@pytest.mark.parametrize(
    "credential_id",
    [
        "urn:uuid:00000000-0000-0000-0000-000000000009",
        "https://uol.example/badges/9?view=full#top",
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    ],
)
def test_r_cd1_plain_absolute_iris_take_the_fast_path(credential_id: str) -> None:
    signer = _signer()

    canonical = _assert_same_as_full_path(
        signer, {**learner_values(9, "Ada"), "credential_id": credential_id}
    )

    assert canonical.is_fast_path is True


@pytest.mark.parametrize(
    "credential_id",
    [
        "https://uol.example/a/../badges/9",
        "https://uol.example/ünïcode",
        "urn:example:%41",
    ],
)
def test_r_cd1_iris_json_ld_might_rewrite_take_the_full_path_and_agree(credential_id: str) -> None:
    signer = _signer()
    values = {**learner_values(9, "Ada"), "credential_id": credential_id}

    canonical = _assert_same_as_full_path(signer, values)

    assert canonical.is_fast_path is (credential_id == "urn:example:%41")


@pytest.mark.parametrize(
    ("credential_id", "message"),
    [
        ("badges/9", "relative IRI references"),
        ("http://[::1", "invalid values"),
        ("https://microcred.invalid/undefined-term#x", "terms not defined by any @context: x"),
        ("name", "relative IRI references"),
    ],
)
def test_r_cd1_iris_the_full_path_refuses_are_refused_by_the_cohort_too(
    credential_id: str, message: str
) -> None:
    signer = _signer()
    values = {**learner_values(9, "Ada"), "credential_id": credential_id}

    with pytest.raises(CanonicalizationError, match=message):
        canonicalize(signer.shape.fill(values))
    with pytest.raises(CanonicalizationError, match=message):
        signer.sign(values)


def test_r_cd1_a_type_slot_takes_the_fast_path_only_for_an_absolute_iri() -> None:
    """A term in a type can bring a type-scoped context, so a term value takes the full path."""
    template = {**achievement_template(issuer_key()), "type": ["VerifiableCredential", Slot("kind")]}
    signer = _signer(template)
    values = learner_values(18, "Ada")

    as_term = _assert_same_as_full_path(signer, {**values, "kind": "OpenBadgeCredential"})
    as_iri = _assert_same_as_full_path(
        signer, {**values, "kind": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#X"}
    )

    assert as_term.is_fast_path is False
    assert as_iri.is_fast_path is True


def test_r_cd1_a_lone_surrogate_is_refused_on_both_paths() -> None:
    signer = _signer()
    values = learner_values(5, "broken \ud800 name")

    with pytest.raises(CanonicalizationError, match="lone surrogate"):
        canonicalize(signer.shape.fill(values))
    with pytest.raises(CanonicalizationError, match="lone surrogate"):
        signer.sign(values)


@settings(max_examples=150, deadline=None)
@given(name=st.text(max_size=40), number=st.integers(min_value=0, max_value=2**64))
def test_r_cd1_property_fast_path_equals_full_path_for_any_learner_name(name: str, number: int) -> None:
    signer = _signer()
    values = learner_values(number, name)

    canonical = signer.shape.canonicalize(values)
    document = signer.shape.fill(values)

    assert canonical.nquads == canonicalize(document)
    assert signer.sign(values) == create_proof(document, issuer_key(), cohort_options())


@settings(max_examples=60, deadline=None)
@given(
    names=st.tuples(st.text(max_size=12), st.text(max_size=12)),
    path=st.text(alphabet="abcz09-._~/%:@!$&'()*+,;=?#", max_size=20),
)
def test_r_cd1_property_fast_path_equals_full_path_for_two_slots_in_blank_nodes(
    names: tuple[str, str], path: str
) -> None:
    template = achievement_template(issuer_key())
    identity = template["credentialSubject"]["identifier"][0]
    template["credentialSubject"]["identifier"].append({**identity, "identityHash": Slot("student_number")})
    signer = _signer(template)
    values = {
        **learner_values(11, names[0]),
        "student_number": names[1],
        "credential_id": f"https://uol.example/{path}",
    }

    try:
        expected = canonicalize(signer.shape.fill(values))
    except CanonicalizationError as error:
        with pytest.raises(CanonicalizationError, match=re.escape(str(error))):
            signer.shape.canonicalize(values)
        return
    assert signer.shape.canonicalize(values).nquads == expected


def test_r_cd3_cohort_badges_verify_by_the_shape_and_by_the_full_path() -> None:
    signer = _signer()
    badge = signer.sign(learner_values(12, "Ada Lovelace"))

    by_shape = verify_proof(badge, canonicalize_document=signer.shape.canonicalize_document)
    by_full_path = verify_proof(badge)

    assert by_shape == by_full_path
    assert by_shape.is_verified is True
    assert by_shape.controller == issuer_key().controller
    assert signer.shape.values_in(badge) == learner_values(12, "Ada Lovelace")


def test_r_cd3_a_tampered_cohort_badge_fails_by_the_shape_too() -> None:
    signer = _signer()
    badge = signer.sign(learner_values(13, "Ada Lovelace"))
    badge["credentialSubject"]["name"] = "Grace Hopper"

    result = verify_proof(badge, canonicalize_document=signer.shape.canonicalize_document)

    assert result.is_verified is False
    assert result.reason == "the signature does not match the document"


def test_r_cd3_a_document_of_another_shape_is_verified_by_the_full_path() -> None:
    signer = _signer()
    badge = signer.sign(learner_values(14, "Ada Lovelace"))
    reordered = json.loads(json.dumps(badge, sort_keys=True))
    retyped = copy.deepcopy(badge)
    retyped["credentialSubject"]["identifier"][0]["hashed"] = 1

    assert signer.shape.values_in(reordered) is None
    assert signer.shape.values_in(retyped) is None
    assert (
        verify_proof(reordered, canonicalize_document=signer.shape.canonicalize_document).is_verified is True
    )
    assert verify_proof(retyped, canonicalize_document=signer.shape.canonicalize_document).reason == (
        "the signature does not match the document"
    )


def test_r_cd3_values_in_needs_one_value_per_slot() -> None:
    template = {**achievement_template(issuer_key()), "name": Slot("learner_name")}
    shape = CohortShape(template)
    consistent = shape.fill(learner_values(15, "Ada Lovelace"))
    inconsistent = {**consistent, "name": "Data Science Foundations"}

    assert shape.values_in(consistent) == learner_values(15, "Ada Lovelace")
    assert shape.values_in(inconsistent) is None
    assert shape.values_in(["not", "a", "document"]) is None


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"proof": {}}, CohortTemplateError, "a cohort template has no proof"),
        ({"grade": Slot("grade")}, UndefinedTermError, "grade"),
        ({"@context": [Slot("context")]}, CanonicalizationError, "is not one of the bundled contexts"),
        (
            {"validFrom": ("2025", "07")},
            CohortTemplateError,
            "template.validFrom is a tuple, which is not JSON",
        ),
        (
            {"validFrom": float("inf")},
            CohortTemplateError,
            "template.validFrom is inf, which JSON cannot hold",
        ),
        ({"name": {"@value": "Badge", "@type": Slot("datatype")}}, CohortTemplateError, "slots used inside"),
        (
            {"name": {"@value": "Badge", "@language": Slot("language")}},
            CanonicalizationError,
            "invalid values",
        ),
    ],
)
def test_r_cd1_templates_the_cohort_signer_cannot_use_are_refused(
    change: dict[str, Any], error: type[Exception], message: str
) -> None:
    template = {**achievement_template(issuer_key()), **change}

    with pytest.raises(error, match=message):
        CohortShape(template)


def test_r_cd1_slot_values_must_match_the_template() -> None:
    shape = CohortShape(achievement_template(issuer_key()))
    values = learner_values(16, "Ada")

    with pytest.raises(
        CohortTemplateError,
        match=r"slot values missing: \['status_index'\]; not in the template: \['grade'\]",
    ):
        shape.fill({**{k: v for k, v in values.items() if k != "status_index"}, "grade": "A"})
    with pytest.raises(CohortTemplateError, match="slot values must be strings: status_index"):
        shape.canonicalize({**values, "status_index": 16})


def test_r_cd1_the_template_is_copied_so_later_changes_do_not_leak_in() -> None:
    template = achievement_template(issuer_key())
    signer = _signer(template)
    template["name"] = "Changed after the signer was made"

    assert signer.sign(learner_values(17, "Ada"))["name"] == "Data Science Foundations"


def test_r_cd1_quad_template_labels_the_w3c_three_blank_node_vector_like_rdfc() -> None:
    """Labels swapped on input (c14n0 ↔ c14n2) come back as the W3C expected output."""
    expected = vector_text(f"{RDFC}/employ/canonDocDataInt.txt")
    swapped = (
        expected.replace("_:c14n0 ", "_:swap ").replace("_:c14n2 ", "_:c14n0 ").replace("_:swap ", "_:c14n2 ")
    )
    template = QuadTemplate(
        parse(swapped, RdfFormat.N_QUADS), {}, reserved_names=frozenset(), reserved_prefix=SENTINEL_IRI_PREFIX
    )

    assert swapped != expected
    assert template.canonical_nquads({}) == expected


def test_r_cd1_a_prefix_defined_in_an_embedded_context_sends_its_iris_to_the_full_path() -> None:
    """With "did" defined as a prefix, "did:x" is expanded as a compact IRI, so it cannot be copied."""
    template = achievement_template(issuer_key())
    template["credentialStatus"] = {
        "@context": {"did": {"@id": "https://uol.example/did/", "@prefix": True}},
        **template["credentialStatus"],
    }
    signer = _signer(template)

    as_compact = _assert_same_as_full_path(
        signer, {**learner_values(19, "Ada"), "status_id": "did:status:19"}
    )
    as_absolute = _assert_same_as_full_path(signer, learner_values(19, "Ada"))

    assert as_compact.is_fast_path is False
    assert "<https://uol.example/did/status:19>" in as_compact.nquads
    assert as_absolute.is_fast_path is True
