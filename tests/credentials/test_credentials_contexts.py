"""The JSON-LD contexts ship inside the package and are never fetched (R-CD1: OB 3.0 on VC 2.0)."""

import hashlib
from importlib import resources

import pytest

from microcred.credentials.context_library import (
    BUNDLED_CONTEXT_FILES,
    ContextLibrary,
    bundled_contexts,
    context_of,
    defined_terms,
)
from microcred.credentials.errors import CanonicalizationError, UnknownContextError

# SHA-256 of the official documents (the npm packages and 1EdTech copies named in vc-data/contexts/README.md):
# a verifier resolves each URL to exactly these bytes.
OFFICIAL_SHA256 = {
    "credentials-v2.jsonld": "426fdacb13cd7a2fa9c8f2534252877c0fcb492a07b9070739eb53f7319e7f5c",
    "ob-v3p0-context-3.0.3.json": "88115d8e3c088bf2c83f68e6373027072ab9f3f83523a55b49d3605199d56413",
    "clr-v2p0-2.0.1.json": "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6",
    "data-integrity-v2.jsonld": "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    "multikey-v1.jsonld": "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6",
    "did-v1.jsonld": "a5d5033333d949be83530bb43395f882953cd09c928fb4c3f729673bb837cd3f",
}


@pytest.mark.parametrize("name", sorted(OFFICIAL_SHA256))
def test_r_cd1_bundled_context_files_are_the_official_bytes(name: str) -> None:
    data = resources.files("microcred.credentials").joinpath("contexts", name).read_bytes()

    assert hashlib.sha256(data).hexdigest() == OFFICIAL_SHA256[name]


def test_r_cd1_bundled_library_maps_each_url_to_its_file() -> None:
    assert bundled_contexts().urls == frozenset(BUNDLED_CONTEXT_FILES)
    assert sorted(BUNDLED_CONTEXT_FILES.values()) == sorted(OFFICIAL_SHA256)


def test_r_cd1_inline_replaces_urls_by_the_bundled_context() -> None:
    library = bundled_contexts()

    inlined = library.inline(["https://www.w3.org/ns/credentials/v2", {"extra": "https://example.org/extra"}])

    assert inlined[1] == {"extra": "https://example.org/extra"}
    assert (
        inlined[0]["VerifiableCredential"]["@id"]
        == "https://www.w3.org/2018/credentials#VerifiableCredential"
    )


def test_r_cd1_a_url_that_is_not_bundled_is_an_error_not_a_download() -> None:
    with pytest.raises(UnknownContextError) as caught:
        bundled_contexts().inline("https://w3id.org/citizenship/v4rc1")

    assert caught.value.url == "https://w3id.org/citizenship/v4rc1"
    assert str(caught.value) == (
        "@context 'https://w3id.org/citizenship/v4rc1' is not one of the bundled contexts, "
        "and contexts are never fetched"
    )


def test_r_cd1_inline_document_reaches_embedded_contexts() -> None:
    library = ContextLibrary({"https://example.org/a": {"name": "https://schema.org/name"}})

    inlined = library.inline_document(
        {"@context": "https://example.org/a", "item": {"@context": ["https://example.org/a"]}}
    )

    assert inlined == {
        "@context": {"name": "https://schema.org/name"},
        "item": {"@context": [{"name": "https://schema.org/name"}]},
    }


def test_r_cd1_scoped_context_urls_are_inlined_and_loops_refused() -> None:
    library = ContextLibrary(
        {
            "https://example.org/a": {
                "Thing": {"@id": "https://example.org/Thing", "@context": "https://example.org/b"}
            },
            "https://example.org/b": {"label": "https://example.org/label"},
            "https://example.org/loop": "https://example.org/loop",
        }
    )

    assert library.inline("https://example.org/a")["Thing"]["@context"] == {
        "label": "https://example.org/label"
    }
    with pytest.raises(CanonicalizationError, match="contexts nest more than 8 deep"):
        library.inline("https://example.org/loop")


def test_r_cd1_import_in_a_context_is_refused() -> None:
    with pytest.raises(CanonicalizationError, match="@import in a context is not supported"):
        ContextLibrary({}).inline({"@import": "https://example.org/base"})


def test_r_cd1_context_of_needs_an_object_with_a_context() -> None:
    assert context_of('{"@context": {"a": "https://example.org/a"}}') == {"a": "https://example.org/a"}
    with pytest.raises(
        CanonicalizationError, match="a context document must be a JSON object with an @context"
    ):
        context_of("[]")


def test_r_cd1_defined_terms_include_scoped_contexts() -> None:
    terms = defined_terms(
        bundled_contexts().inline("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
    )

    assert {"Achievement", "achievementType", "identityHash", "narrative"} <= terms
    assert "@protected" not in terms
