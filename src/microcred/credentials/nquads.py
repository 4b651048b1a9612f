"""Canonical N-Quads, the text RDFC-1.0 hashes: one ``subject predicate object [graph] .`` line per quad,
sorted in code point order, each ending with a newline.

Inside a string literal only ``\\b \\t \\n \\f \\r \\" \\\\`` are escaped with a backslash letter; the other
characters U+0000–U+001F and U+007F become ``\\uXXXX`` with upper-case hex digits; everything else (all of
Unicode above U+007F) is written as it is. This is the canonical form of RDF 1.2 N-Triples that RDFC-1.0 uses,
and what the reference implementation (digitalbazaar/rdf-canonize) and pyoxigraph write.
"""

from collections.abc import Iterable

_NAMED_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_LITERAL_ESCAPES = {
    **{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)},
    **{ord(character): escaped for character, escaped in _NAMED_ESCAPES.items()},
}


def escape_literal(text: str) -> str:
    """The characters of a string literal as they appear between the quotes in canonical N-Quads."""
    return text.translate(_LITERAL_ESCAPES)


def quad_line(subject: str, predicate: str, object_: str, graph: str | None) -> str:
    """One canonical line from terms already in N-Quads form; ``graph`` is None for the default graph."""
    if graph is None:
        return f"{subject} {predicate} {object_} .\n"
    return f"{subject} {predicate} {object_} {graph} .\n"


def canonical_text(lines: Iterable[str]) -> str:
    """Lines sorted in code point order and joined, which is the canonical N-Quads document."""
    return "".join(sorted(lines))
