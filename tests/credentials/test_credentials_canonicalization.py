"""RDFC-1.0 canonical N-Quads of JSON-LD documents, and safe mode: what JSON-LD would drop is refused
(R-CD1: badges are signed OB 3.0 credentials; R-CD3: anyone can verify them)."""

import re
from typing import Any

import pytest
from credential_builders import OB_CONTEXT, RDFC, VC_CONTEXT, contexts_with_examples, vector_json, vector_text
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, RdfFormat, parse

from microcred.credentials.canonicalization import canonical_nquads, canonicalize
from microcred.credentials.errors import CanonicalizationError, UndefinedTermError, UnknownContextError
from microcred.credentials.nquads import escape_literal


def test_r_cd1_w3c_vector_document_canonical_form_byte_for_byte() -> None:
    document = vector_json("vc-di-eddsa/unsigned.json")

    assert canonicalize(document, contexts_with_examples()) == vector_text(f"{RDFC}/canonDocDataInt.txt")


def test_r_cd1_w3c_vector_proof_configuration_canonical_form_byte_for_byte() -> None:
    configuration = vector_json(f"{RDFC}/proofConfigDataInt.json")

    assert canonicalize(configuration, contexts_with_examples()) == vector_text(
        f"{RDFC}/proofCanonDataInt.txt"
    )


def test_r_cd1_w3c_vector_with_three_blank_nodes_keeps_its_canonical_labels() -> None:
    canonical = vector_text(f"{RDFC}/employ/canonDocDataInt.txt")

    assert canonical_nquads(parse(canonical, RdfFormat.N_QUADS)) == canonical


def test_r_cd1_literal_escapes_follow_canonical_n_quads() -> None:
    """Only \\b \\t \\n \\f \\r \\" \\\\ get a backslash letter; other C0 controls and DEL become \\uXXXX in
    upper case; everything above U+007F (C1 controls, line separator, CJK, emoji) is written as it is."""
    name = 'q " b \\ n \n r \r t \t b \b f \f bel \x07 del \x7f nul \x00 us \x1f nel \x85 ls \u2028 é 王 😀'
    document = {"@context": [VC_CONTEXT], "id": "urn:example:escapes", "name": name}

    assert canonicalize(document) == (
        "<urn:example:escapes> <https://schema.org/name> "
        '"q \\" b \\\\ n \\n r \\r t \\t b \\b f \\f bel \\u0007 del \\u007F nul \\u0000 us \\u001F '
        'nel \x85 ls \u2028 é 王 😀" .\n'
    )


def test_r_cd1_escape_literal_covers_every_ascii_control() -> None:
    escaped = escape_literal("".join(chr(code) for code in (*range(0x20), 0x7F)))

    assert escaped == (
        "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
        "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B\\u001C\\u001D"
        "\\u001E\\u001F\\u007F"
    )


def _ob_credential(**changes: Any) -> dict[str, Any]:
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": "urn:uuid:6a2f41c0-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:uol.example", "type": ["Profile"], "name": "University of London"},
        "validFrom": "2025-07-01T09:00:00+01:00",
        "credentialSubject": {"type": ["AchievementSubject"], "name": "Ada Lovelace"},
        **changes,
    }


def test_r_cd1_open_badge_credential_canonical_form() -> None:
    assert canonicalize(_ob_credential()) == (
        "<did:web:uol.example> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile> .\n"
        '<did:web:uol.example> <https://schema.org/name> "University of London" .\n'
        "<urn:uuid:6a2f41c0-0000-4000-8000-000000000001> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .\n"
        "<urn:uuid:6a2f41c0-0000-4000-8000-000000000001> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://www.w3.org/2018/credentials#VerifiableCredential> .\n"
        "<urn:uuid:6a2f41c0-0000-4000-8000-000000000001> "
        "<https://www.w3.org/2018/credentials#credentialSubject> _:c14n0 .\n"
        "<urn:uuid:6a2f41c0-0000-4000-8000-000000000001> <https://www.w3.org/2018/credentials#issuer> "
        "<did:web:uol.example> .\n"
        "<urn:uuid:6a2f41c0-0000-4000-8000-000000000001> <https://www.w3.org/2018/credentials#validFrom> "
        '"2025-07-01T09:00:00+01:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n'
        "_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject> .\n"
        '_:c14n0 <https://schema.org/name> "Ada Lovelace" .\n'
    )


def test_r_cd1_undefined_type_in_the_ob_spec_credential_schema_example_is_refused() -> None:
    schema = {
        "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    }
    document = _ob_credential(credentialSchema=[{**schema, "type": "1EdTechJsonSchemaValidator2019"}])

    with pytest.raises(UndefinedTermError) as caught:
        canonicalize(document)

    assert caught.value.terms == ("1EdTechJsonSchemaValidator2019",)
    assert str(caught.value) == "terms not defined by any @context: 1EdTechJsonSchemaValidator2019"


def test_r_cd1_the_same_schema_type_defined_inline_is_accepted() -> None:
    definition = {
        "1EdTechJsonSchemaValidator2019": "https://purl.imsglobal.org/spec/vccs/v1p0/1EdTechJsonSchemaValidator2019"
    }
    schema = {
        "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    }
    document = _ob_credential(credentialSchema=[{**schema, "type": "1EdTechJsonSchemaValidator2019"}])
    document["@context"] = [VC_CONTEXT, OB_CONTEXT, definition]

    assert (
        "<https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://purl.imsglobal.org/spec/vccs/v1p0/1EdTechJsonSchemaValidator2019> .\n"
    ) in canonicalize(document)


def test_r_cd1_undefined_properties_are_named_in_order() -> None:
    document = _ob_credential(
        grade="Distinction", credentialSubject={"type": ["AchievementSubject"], "mark": 71}
    )

    with pytest.raises(UndefinedTermError) as caught:
        canonicalize(document)

    assert caught.value.terms == ("grade", "mark")


def test_r_cd1_undefined_term_under_a_typeless_node_is_refused() -> None:
    # Without type AchievementSubject the OB scoped context does not apply, so "achievement" is undefined.
    document = _ob_credential(
        credentialSubject={"id": "did:example:learner", "achievement": "https://uol.example/a"}
    )

    with pytest.raises(UndefinedTermError, match="achievement"):
        canonicalize(document)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"@context": [VC_CONTEXT], "id": "badges/1", "name": "x"}, "relative IRI references .*: badges/1"),
        ({"@context": [VC_CONTEXT], "id": "http://[::1", "name": "x"}, "invalid values: <http://\\[::1>"),
        ({"@context": [VC_CONTEXT], "id": "_:b 1", "name": "x"}, "invalid values: _:b 1"),
        (
            {"@context": [VC_CONTEXT], "id": "urn:x", "name": {"@value": "x", "@language": "e n"}},
            'invalid values: "x"@e n',
        ),
        ({"@context": [VC_CONTEXT], "id": "urn:x", "@grade": "A"}, "'@grade' looks like a JSON-LD keyword"),
        ({"@context": None, "id": "urn:x"}, "the document has no @context"),
        ({"id": "urn:x"}, "the document has no @context"),
        ({"@context": [VC_CONTEXT], "id": "urn:x", "name": float("nan")}, "the document is not JSON"),
        ({"@context": [VC_CONTEXT], "id": "urn:x", "name": {1, 2}}, "the document is not JSON"),
        ({"@context": [VC_CONTEXT], "id": "urn:x", "name": "\ud800"}, "not Unicode \\(a lone surrogate\\)"),
        (
            {"@context": [VC_CONTEXT, {"name": "https://example.org/name"}], "id": "urn:x", "name": "x"},
            "not valid JSON-LD: Overriding the protected term name",
        ),
        (["not", "an", "object"], "a JSON-LD document must be a JSON object"),
    ],
)
def test_r_cd3_documents_json_ld_would_alter_are_refused_with_the_reason(document: Any, message: str) -> None:
    with pytest.raises(CanonicalizationError, match=message):
        canonicalize(document)


def test_r_cd1_contexts_are_never_fetched() -> None:
    document = vector_json("vc-di-eddsa/employmentAuth.json")

    with pytest.raises(UnknownContextError, match=re.escape("https://w3id.org/citizenship/v4rc1")):
        canonicalize(document)


def test_r_cd1_a_null_context_entry_does_not_hide_undefined_terms() -> None:
    document = {"@context": [None, VC_CONTEXT], "id": "urn:x", "grade": "A"}

    with pytest.raises(UndefinedTermError, match="grade"):
        canonicalize(document)


def _blank_node_graph(edges: list[tuple[str, str]]) -> list[Any]:
    return list(parse("".join(f"_:{a} <urn:example:p> _:{b} .\n" for a, b in edges), RdfFormat.N_QUADS))


def _clique(size: int, prefix: str = "n") -> list[tuple[str, str]]:
    return [(f"{prefix}{a}", f"{prefix}{b}") for a in range(size) for b in range(size) if a != b]


def test_r_cd3_a_poison_dataset_is_refused_before_canonicalization() -> None:
    """Eight look-alike blank nodes all linked to each other take seconds of N-degree hashing."""
    with pytest.raises(CanonicalizationError, match="a poison dataset: 7 linked blank nodes look alike"):
        canonical_nquads(_blank_node_graph(_clique(7)))
    with pytest.raises(CanonicalizationError, match="a poison dataset: 13 linked blank nodes look alike"):
        canonical_nquads(_blank_node_graph([(f"n{number}", f"n{number + 1}") for number in range(14)]))


def test_r_cd3_look_alike_blank_nodes_within_the_limits_are_canonicalized() -> None:
    small_groups = _blank_node_graph([*_clique(6, "a"), *_clique(6, "b")])
    separate_entries = list(
        parse(
            "".join(
                f'<urn:example:s> <urn:example:p> _:e{n} .\n_:e{n} <urn:example:q> "same" .\n'
                for n in range(50)
            ),
            RdfFormat.N_QUADS,
        )
    )

    assert canonical_nquads(small_groups).count("\n") == 60
    assert canonical_nquads(separate_entries).count("_:c14n49 ") == 2


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_r_cd1_property_escape_literal_matches_pyoxigraphs_canonical_writer(text: str) -> None:
    assert f'"{escape_literal(text)}"' == f"{Literal(text)}"
