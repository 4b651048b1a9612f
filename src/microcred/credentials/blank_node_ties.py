"""Refusing poison datasets before RDFC-1.0 runs on them.

RDFC-1.0 tells blank nodes apart by their first-degree hash (§4.6). Blank nodes whose hashes tie and that are
linked to each other need N-degree hashing (§4.8), which tries permutations: measured with pyoxigraph, a
clique of 8 such nodes takes 3 s, a chain of 500 takes 15 s, and a 64-node cubic graph does not finish in ten
minutes. The W3C specification asks implementations to guard against such input (§4.4, "poison datasets"),
and the reference implementation refuses them by a work limit; pyoxigraph has none, so the shape is checked
first. Credentials have a handful of blank nodes, nearly always with distinct hashes; the limits below leave
room for lists and repeated entries and keep the worst case to a few tens of milliseconds.
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Final

from pyoxigraph import BlankNode, DefaultGraph, Quad

from microcred.credentials.errors import CanonicalizationError

MAX_LINKED_GROUP: Final = 6
MAX_LINKED_TOTAL: Final = 12


def check_blank_node_ties(quads: Sequence[Quad]) -> None:
    """:class:`CanonicalizationError` when tied, linked blank nodes exceed the limits."""
    mentions: dict[str, list[Quad]] = defaultdict(list)
    for quad in quads:
        for label in dict.fromkeys(_labels(quad)):
            mentions[label].append(quad)
    hashes = {label: _first_degree_hash(label, mentioned) for label, mentioned in mentions.items()}
    counts = Counter(hashes.values())
    tied = {label for label, digest in hashes.items() if counts[digest] > 1}
    links: dict[str, set[str]] = defaultdict(set)
    for quad in quads:
        linked = [label for label in _labels(quad) if label in tied]
        for label in linked:
            links[label].update(other for other in linked if other != label)
    _check_groups({label: neighbours for label, neighbours in links.items() if neighbours})


def _check_groups(links: dict[str, set[str]]) -> None:
    if len(links) > MAX_LINKED_TOTAL:
        raise CanonicalizationError(
            f"a poison dataset: {len(links)} linked blank nodes look alike "
            f"(at most {MAX_LINKED_TOTAL} in all)"
        )
    unvisited = set(links)
    while unvisited:
        group = {unvisited.pop()}
        pending = list(group)
        while pending:
            for neighbour in links[pending.pop()] - group:
                group.add(neighbour)
                pending.append(neighbour)
        unvisited -= group
        if len(group) > MAX_LINKED_GROUP:
            raise CanonicalizationError(
                f"a poison dataset: {len(group)} linked blank nodes look alike "
                f"(at most {MAX_LINKED_GROUP} together)"
            )


def _labels(quad: Quad) -> list[str]:
    return [
        term.value for term in (quad.subject, quad.object, quad.graph_name) if isinstance(term, BlankNode)
    ]


def _first_degree_hash(label: str, quads: list[Quad]) -> str:
    lines = sorted(_line(quad, label) for quad in quads)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def _line(quad: Quad, label: str) -> str:
    terms = [quad.subject, quad.predicate, quad.object]
    if not isinstance(quad.graph_name, DefaultGraph):
        terms.append(quad.graph_name)
    parts = [
        ("_:a" if term.value == label else "_:z") if isinstance(term, BlankNode) else f"{term}"
        for term in terms
    ]
    return " ".join(parts) + " .\n"
