"""Canonical N-Quads for a dataset of fixed shape whose slot values change: RDFC-1.0 without re-parsing.

A template is parsed once, with a sentinel string in each slot. Its quads are kept as lines with holes: a slot
literal, a slot IRI, or a blank node. For given slot values the holes are filled and RDFC-1.0 (W3C RDF Dataset
Canonicalization) is run on the filled quads, but only its simple case:

* each blank node's first-degree hash (§4.6: SHA-256 of the sorted lines of the quads that mention it, itself
  written ``_:a`` and every other blank node ``_:z``) is recomputed when a quad that mentions it holds a slot;
* when all first-degree hashes differ, §4.4.3 step 5 labels every blank node ``_:c14nN`` in the code point
  order of its hash, step 6 (N-degree hashing) has nothing left to do, and the answer is the sorted lines.

Whenever the shortcut could differ from the full algorithm, :meth:`QuadTemplate.canonical_nquads` returns
None and the caller runs the full algorithm: two blank nodes share a first-degree hash (their labels would
need N-degree hashing); two quads become the same quad (the dataset would shrink); a literal holds a lone
surrogate; or an IRI value is not one that JSON-LD passes through unchanged (see :meth:`_iri_token`).
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Final

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

from microcred.credentials.errors import CohortTemplateError
from microcred.credentials.nquads import escape_literal

# A hole in a line: ("blank", label) | ("literal", slot, suffix) | ("iri", slot).
Hole = tuple[str, ...]
Part = str | Hole
Line = tuple[Part, ...]
# A line ready to fill: a %-format with one %s per hole, and what picks the holes' texts in order.
Pattern = tuple[str, Callable[[Mapping[Hole, str]], tuple[str, ...]]]

_MAX_REMEMBERED_LABELLINGS: Final = 64
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# ASCII IRIs with nothing N-Quads would escape; anything else takes the full algorithm.
_PLAIN_IRI: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


class QuadTemplate:
    def __init__(
        self,
        quads: Iterable[Quad],
        sentinels: Mapping[str, str],
        *,
        reserved_names: frozenset[str],
        reserved_prefix: str,
    ) -> None:
        """``sentinels`` maps each sentinel string to its slot name. ``reserved_names`` are the terms the
        template's contexts define, and ``reserved_prefix`` starts the IRIs the canonicalizer refuses: an IRI
        value in either takes the full algorithm."""
        self._reserved_names = reserved_names
        self._reserved_prefix = reserved_prefix
        lines = [_compile(quad, sentinels) for quad in dict.fromkeys(quads)]
        found = {hole[1] for line in lines for hole in _holes(line) if hole[0] != "blank"}
        missing = sorted(set(sentinels.values()) - found)
        if missing:
            raise CohortTemplateError(f"slots that end up in no statement: {', '.join(missing)}")
        self._literal_slots = _literal_suffixes(lines)
        self._iri_slots = sorted({hole[1] for line in lines for hole in _holes(line) if hole[0] == "iri"})
        self._fixed_lines = [_render(line, {}) for line in lines if not any(_holes(line))]
        self._blank_lines = [line for line in lines if _blanks(line)]
        self._slot_lines = [_pattern(line) for line in lines if _slot_holes(line)]
        # Lines whose only holes are blank nodes depend on the labelling alone, which repeats across a cohort.
        self._label_only_lines = [_pattern(line) for line in self._blank_lines if not _slot_holes(line)]
        self._labelled: dict[tuple[str, ...], list[str]] = {}
        self._prepare_first_degree_hashes()

    def canonical_nquads(self, values: Mapping[str, str]) -> str | None:
        """The canonical N-Quads with these slot values, or None when only the full algorithm can say."""
        holes = self._slot_tokens(values)
        if holes is None:
            return None
        hashes = dict(self._fixed_hashes)
        for label, (fixed, varying, own) in self._varying_mentions.items():
            filled = {**holes, **own}
            hashes[label] = _hash_lines([*fixed, *(text % pick(filled) for text, pick in varying)])
        if len(set(hashes.values())) < len(hashes):
            return None
        order = tuple(sorted(hashes, key=hashes.__getitem__))
        labels: dict[Hole, str] = {("blank", label): f"_:c14n{number}" for number, label in enumerate(order)}
        holes.update(labels)
        rendered = [*self._fixed_lines, *self._lines_labelled(order, labels)]
        rendered.extend([text % pick(holes) for text, pick in self._slot_lines])
        if len(set(rendered)) < len(rendered):
            return None
        return "".join(sorted(rendered))

    def _lines_labelled(self, order: tuple[str, ...], labels: dict[Hole, str]) -> list[str]:
        lines = self._labelled.get(order)
        if lines is None:
            lines = [text % pick(labels) for text, pick in self._label_only_lines]
            if len(self._labelled) < _MAX_REMEMBERED_LABELLINGS:
                self._labelled[order] = lines
        return lines

    def _prepare_first_degree_hashes(self) -> None:
        mentions: dict[str, list[Line]] = {}
        for line in self._blank_lines:
            for label in dict.fromkeys(_blanks(line)):
                mentions.setdefault(label, []).append(line)
        self._fixed_hashes: dict[str, str] = {}
        self._varying_mentions: dict[str, tuple[list[str], list[Pattern], dict[Hole, str]]] = {}
        for label, lines in mentions.items():
            own: dict[Hole, str] = {
                ("blank", other): "_:a" if other == label else "_:z" for other in mentions
            }
            fixed = [_render(line, own) for line in lines if not _slot_holes(line)]
            varying = [_pattern(line) for line in lines if _slot_holes(line)]
            if varying:
                self._varying_mentions[label] = (fixed, varying, own)
            else:
                self._fixed_hashes[label] = _hash_lines(fixed)

    def _slot_tokens(self, values: Mapping[str, str]) -> dict[Hole, str] | None:
        tokens: dict[Hole, str] = {}
        for name, suffixes in self._literal_slots.items():
            value = values[name]
            if _LONE_SURROGATE.search(value):
                return None
            quoted = f'"{escape_literal(value)}"'
            tokens.update({("literal", name, suffix): quoted + suffix for suffix in suffixes})
        for name in self._iri_slots:
            token = self._iri_token(values[name])
            if token is None:
                return None
            tokens["iri", name] = token
        return tokens

    def _iri_token(self, value: str) -> str | None:
        """``<value>`` when JSON-LD keeps the value as it is: an absolute IRI (JSON-LD 1.1 IRI expansion
        returns it unchanged) that is neither a term nor a compact IRI of a defined prefix, has no dot
        segment, needs no escaping, and is valid, so the strict parser keeps it."""
        if not _PLAIN_IRI.fullmatch(value) or "/." in value or value.startswith(self._reserved_prefix):
            return None
        if value in self._reserved_names or value.partition(":")[0] in self._reserved_names:
            return None
        try:
            NamedNode(value)
        except ValueError:
            return None
        return f"<{value}>"


def _compile(quad: Quad, sentinels: Mapping[str, str]) -> Line:
    terms = [quad.subject, quad.predicate, quad.object]
    if not isinstance(quad.graph_name, DefaultGraph):
        terms.append(quad.graph_name)
    parts: list[Part] = []
    for term in terms:
        if parts:
            parts.append(" ")
        parts.append(_part(term, sentinels))
    parts.append(" .\n")
    return _merge_text(parts)


def _part(term: object, sentinels: Mapping[str, str]) -> Part:
    if isinstance(term, BlankNode):
        return ("blank", term.value)
    if isinstance(term, NamedNode) and term.value in sentinels:
        return ("iri", sentinels[term.value])
    text = f"{term}"
    if isinstance(term, Literal) and term.value in sentinels:
        quoted = f'"{escape_literal(term.value)}"'
        if text.startswith(quoted):
            return ("literal", sentinels[term.value], text[len(quoted) :])
    if not isinstance(term, NamedNode | Literal):
        raise CohortTemplateError(f"the template yields a term the cohort signer does not handle: {text}")
    leaked = sorted(name for sentinel, name in sentinels.items() if sentinel in text)
    if leaked:
        raise CohortTemplateError(f"slots used inside a larger value: {', '.join(leaked)}")
    return text


def _merge_text(parts: Sequence[Part]) -> Line:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


def _holes(line: Line) -> list[Hole]:
    return [part for part in line if not isinstance(part, str)]


def _slot_holes(line: Line) -> list[Hole]:
    return [hole for hole in _holes(line) if hole[0] != "blank"]


def _blanks(line: Line) -> list[str]:
    return [hole[1] for hole in _holes(line) if hole[0] == "blank"]


def _literal_suffixes(lines: Iterable[Line]) -> dict[str, list[str]]:
    suffixes: dict[str, set[str]] = {}
    for line in lines:
        for hole in _holes(line):
            if hole[0] == "literal":
                suffixes.setdefault(hole[1], set()).add(hole[2])
    return {name: sorted(found) for name, found in suffixes.items()}


def _render(line: Line, holes: Mapping[Hole, str]) -> str:
    return "".join([part if isinstance(part, str) else holes[part] for part in line])


def _pattern(line: Line) -> Pattern:
    text = "".join(part.replace("%", "%%") if isinstance(part, str) else "%s" for part in line)
    holes = _holes(line)
    if len(holes) == 1:
        only = holes[0]
        return text, lambda filled: (filled[only],)
    return text, itemgetter(*holes)


def _hash_lines(lines: list[str]) -> str:
    return hashlib.sha256("".join(sorted(lines)).encode("utf-8")).hexdigest()
