"""JSON-LD 1.1 → RDF → RDF Dataset Canonicalization (RDFC-1.0) → canonical N-Quads, with pyoxigraph.

pyoxigraph has no document-loader hook, so each ``@context`` URL is replaced by the bundled document before
parsing (:mod:`microcred.credentials.context_library`). A JSON-LD processor silently drops what it cannot turn
into RDF, and a signature then covers less than the document shows. Verifiers run JSON-LD in safe mode and
refuse such documents; so does :func:`document_quads`, with a :class:`CanonicalizationError` naming the
culprit:

* a term no context defines: the document is parsed with a sentinel ``@vocab`` placed before its own
  contexts, so an undefined term turns into a sentinel IRI instead of vanishing (a real ``@vocab`` in a later
  context still wins, because the term is then defined);
* a relative IRI reference: the document is parsed against a sentinel base IRI;
* a key shaped like a keyword that is not one (``@foo``);
* an invalid IRI, blank node identifier or language tag: pyoxigraph drops the statement in strict mode and
  keeps it in lenient mode, so the two parses are compared.

When none of the sentinels appears, the strict parse is exactly the one a plain parse gives: the sentinels
only change values that would otherwise have been dropped.
"""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from pyoxigraph import (
    BlankNode,
    CanonicalizationAlgorithm,
    Dataset,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    parse,
)

from microcred.credentials.blank_node_ties import check_blank_node_ties
from microcred.credentials.context_library import ContextLibrary, bundled_contexts
from microcred.credentials.errors import CanonicalizationError, UndefinedTermError
from microcred.credentials.nquads import canonical_text

# ``.invalid`` is reserved (RFC 2606), so no real document can mention these IRIs.
UNDEFINED_TERM_VOCABULARY: Final = "https://microcred.invalid/undefined-term#"
RELATIVE_IRI_BASE: Final = "https://microcred.invalid/relative-iri/"
SENTINEL_IRI_PREFIX: Final = "https://microcred.invalid/"

JSON_LD_KEYWORDS: Final = frozenset(
    {
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index",
        "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse",
        "@set", "@type", "@value", "@version", "@vocab",
    }
)  # fmt: skip
_KEYWORD_FORM: Final = re.compile(r"@[A-Za-z]+")


def canonicalize(document: Any, contexts: ContextLibrary | None = None) -> str:
    """The canonical N-Quads (RDFC-1.0) of a JSON-LD document, or :class:`CanonicalizationError`."""
    return canonical_nquads(document_quads(document, contexts))


def canonical_nquads(quads: Iterable[Quad]) -> str:
    """RDFC-1.0 over the quads: blank nodes relabelled ``_:c14n0``…, lines sorted. Poison datasets are
    refused first (:mod:`microcred.credentials.blank_node_ties`)."""
    dataset = Dataset(quads)
    check_blank_node_ties(list(dataset))
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return canonical_text(f"{quad} .\n" for quad in dataset)


def document_quads(document: Any, contexts: ContextLibrary | None = None) -> list[Quad]:
    """The RDF quads of a JSON-LD document, refused when JSON-LD processing would drop anything."""
    if not isinstance(document, dict):
        raise CanonicalizationError("a JSON-LD document must be a JSON object")
    _reject_keyword_lookalikes(document)
    library = contexts if contexts is not None else bundled_contexts()
    try:
        text = _json_text(_with_sentinel_vocabulary(library.inline_document(document)))
    except RecursionError:
        raise CanonicalizationError("the document nests too deeply") from None
    quads = _parse(text, is_lenient=False)
    _reject_sentinel_iris(quads)
    _reject_dropped_statements(text, quads)
    return quads


def _with_sentinel_vocabulary(document: dict[str, Any]) -> dict[str, Any]:
    context = document.get("@context")
    if context is None:
        raise CanonicalizationError("the document has no @context, so none of its terms is defined")
    entries = context if isinstance(context, list) else [context]
    # A null entry resets the active context, so the sentinel goes after the last one.
    after_reset = max((index + 1 for index, entry in enumerate(entries) if entry is None), default=0)
    guarded = [*entries[:after_reset], {"@vocab": UNDEFINED_TERM_VOCABULARY}, *entries[after_reset:]]
    return {**document, "@context": guarded}


def _json_text(document: dict[str, Any]) -> bytes:
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalizationError(
            "the document holds text that is not Unicode (a lone surrogate)"
        ) from None
    except (TypeError, ValueError) as error:
        raise CanonicalizationError(f"the document is not JSON: {error}") from None


def _parse(text: bytes, *, is_lenient: bool) -> list[Quad]:
    try:
        return list(parse(text, RdfFormat.JSON_LD, base_iri=RELATIVE_IRI_BASE, lenient=is_lenient))
    except (SyntaxError, ValueError) as error:
        raise CanonicalizationError(f"not valid JSON-LD: {error}") from None


def _reject_keyword_lookalikes(document: dict[str, Any]) -> None:
    pending: list[Any] = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _KEYWORD_FORM.fullmatch(key) and key not in JSON_LD_KEYWORDS:
                    raise CanonicalizationError(f"{key!r} looks like a JSON-LD keyword but is not one")
                if key not in ("@context", "@value"):
                    pending.append(value)


def _iris(quad: Quad) -> Iterator[str]:
    for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
        if isinstance(term, NamedNode):
            yield term.value
        elif isinstance(term, Literal):
            yield term.datatype.value


def _reject_sentinel_iris(quads: list[Quad]) -> None:
    flagged = {iri for quad in quads for iri in _iris(quad) if iri.startswith(SENTINEL_IRI_PREFIX)}
    if not flagged:
        return
    undefined = sorted(
        iri.removeprefix(UNDEFINED_TERM_VOCABULARY)
        for iri in flagged
        if iri.startswith(UNDEFINED_TERM_VOCABULARY)
    )
    if undefined:
        raise UndefinedTermError(tuple(undefined))
    relative = sorted(iri.removeprefix(RELATIVE_IRI_BASE) for iri in flagged)
    raise CanonicalizationError(
        f"relative IRI references (credentials have no base IRI): {', '.join(relative)}"
    )


def _reject_dropped_statements(text: bytes, quads: list[Quad]) -> None:
    # Lenient parsing lower-cases no language tag, so "x"@EN and "x"@en would count twice here: such a
    # document is refused too, which is safe.
    lenient = _parse(text, is_lenient=True)
    if len(set(lenient)) == len(set(quads)):
        return
    invalid = sorted({value for quad in lenient for value in _invalid_values(quad)})
    detail = ", ".join(invalid) if invalid else "language tags that differ only in case"
    raise CanonicalizationError(f"JSON-LD processing would drop statements with invalid values: {detail}")


def _invalid_values(quad: Quad) -> Iterator[str]:
    for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
        if isinstance(term, NamedNode | BlankNode | Literal) and not _is_valid(term):
            yield f"{term}"


def _is_valid(term: NamedNode | BlankNode | Literal) -> bool:
    try:
        if isinstance(term, NamedNode):
            NamedNode(term.value)
        elif isinstance(term, BlankNode):
            BlankNode(term.value)
        else:
            Literal(term.value, datatype=None if term.language else term.datatype, language=term.language)
            NamedNode(term.datatype.value)
    except ValueError:
        return False
    return True
