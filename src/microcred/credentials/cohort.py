"""Signing (and verifying) a cohort's badges without running JSON-LD for each learner.

A cohort's credentials share issuer, achievement, contexts and ``created``; only a few strings change per
learner. The template is a credential with :class:`Slot` objects where those strings go::

    template = {..., "id": Slot("credential_id"), "credentialSubject": {..., "name": Slot("learner_name")}}
    signer = CohortSigner(template, key, ProofOptions(created=...))
    badge = signer.sign({"credential_id": "urn:uuid:…", "learner_name": "Ada Lovelace"})

:class:`CohortShape` parses the template once (JSON-LD → RDF, with a sentinel in each slot) and keeps its
quads as a :class:`QuadTemplate`; each learner's canonical N-Quads then come from filling those quads and
labelling blank nodes by RDFC-1.0's first-degree hashes. When that shortcut cannot be proved exact for the
given values, the full algorithm runs instead, so both paths give the same bytes, and so the same signature.
"""

import copy
import hashlib
import json
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microcred.credentials.canonicalization import (
    SENTINEL_IRI_PREFIX,
    canonical_nquads,
    canonicalize,
    document_quads,
)
from microcred.credentials.context_library import ContextLibrary, bundled_contexts, defined_terms
from microcred.credentials.data_integrity import (
    ProofOptions,
    canonical_proof_configuration,
    proof_configuration,
    proof_value,
)
from microcred.credentials.errors import CohortTemplateError
from microcred.credentials.keys import SigningKey
from microcred.credentials.quad_template import QuadTemplate


@dataclass(frozen=True)
class Slot:
    """Where a learner-specific string goes in a cohort template."""

    name: str


@dataclass(frozen=True)
class CanonicalDocument:
    nquads: str
    is_fast_path: bool


class CohortShape:
    """A template credential, parsed once; fills it and canonicalizes it for given slot values."""

    def __init__(self, template: Mapping[str, Any], *, contexts: ContextLibrary | None = None) -> None:
        if "proof" in template:
            raise CohortTemplateError("a cohort template has no proof; the signer adds it")
        _check_json(template)
        self._template = copy.deepcopy(dict(template))
        self._contexts = contexts if contexts is not None else bundled_contexts()
        self.slot_names = frozenset(_slot_names(template))
        nonce = secrets.token_hex(8)
        sentinels = {
            name: f"urn:microcred-slot-{nonce}:{number}" for number, name in enumerate(self.slot_names)
        }
        sentinel_document = _filled(self._template, sentinels)
        self._json_texts, self._json_slots = _json_pieces(sentinel_document, sentinels)
        quads = document_quads(sentinel_document, self._contexts)
        self._quads = QuadTemplate(
            quads,
            {sentinel: name for name, sentinel in sentinels.items()},
            reserved_names=_terms_of_every_context(self._contexts.inline_document(sentinel_document)),
            reserved_prefix=SENTINEL_IRI_PREFIX,
        )
        # Holds unless a blank node's labelling needs N-degree hashing in the template itself.
        self.has_fast_path = self._quads.canonical_nquads(sentinels) == canonical_nquads(quads)

    @property
    def context(self) -> Any:
        return self._template["@context"]

    @property
    def contexts(self) -> ContextLibrary:
        return self._contexts

    def fill(self, values: Mapping[str, str]) -> dict[str, Any]:
        """The credential with these slot values (every slot needs a string, and nothing else is accepted)."""
        self._check_values(values)
        return self._fill(values)

    def canonicalize(self, values: Mapping[str, str]) -> CanonicalDocument:
        self._check_values(values)
        return self._canonicalize(values)

    def _fill(self, values: Mapping[str, str]) -> dict[str, Any]:
        # JSON text with the values spliced in, parsed again: a fresh document, faster than copying one.
        pieces = [self._json_texts[0]]
        for name, text in zip(self._json_slots, self._json_texts[1:], strict=True):
            pieces.append(json.dumps(values[name]))
            pieces.append(text)
        document: dict[str, Any] = json.loads("".join(pieces))
        return document

    def _canonicalize(self, values: Mapping[str, str]) -> CanonicalDocument:
        nquads = self._quads.canonical_nquads(values) if self.has_fast_path else None
        if nquads is not None:
            return CanonicalDocument(nquads, is_fast_path=True)
        return CanonicalDocument(canonicalize(self._fill(values), self._contexts), is_fast_path=False)

    def values_in(self, document: Any) -> dict[str, str] | None:
        """The slot values that make the template equal to the document (its proof aside), or None when the
        document does not have this shape: same keys in the same order, same JSON types, same fixed values."""
        if not isinstance(document, dict):
            return None
        unsecured = {key: value for key, value in document.items() if key != "proof"}
        values: dict[str, str] = {}
        return values if _matches(self._template, unsecured, values) else None

    def canonicalize_document(self, document: dict[str, Any]) -> str:
        """Exactly :func:`canonicalize` of the document, by the fast path when it has this shape."""
        values = self.values_in(document)
        if values is None:
            return canonicalize(document, self._contexts)
        return self.canonicalize(values).nquads

    def _check_values(self, values: Mapping[str, str]) -> None:
        if set(values) != self.slot_names:
            missing = sorted(self.slot_names - set(values))
            unknown = sorted(set(values) - self.slot_names)
            raise CohortTemplateError(f"slot values missing: {missing}; not in the template: {unknown}")
        wrong = sorted(name for name, value in values.items() if not isinstance(value, str))
        if wrong:
            raise CohortTemplateError(f"slot values must be strings: {', '.join(wrong)}")


class CohortSigner:
    """Signs a cohort's credentials with one key and one set of proof options."""

    def __init__(
        self,
        template: Mapping[str, Any],
        key: SigningKey,
        options: ProofOptions,
        *,
        contexts: ContextLibrary | None = None,
    ) -> None:
        self.shape = CohortShape(template, contexts=contexts)
        self._key = key
        configuration = proof_configuration(self.shape.context, key.verification_method, options)
        canonical_configuration = canonical_proof_configuration(configuration, self.shape.contexts)
        self._configuration_hash = hashlib.sha256(canonical_configuration.encode("utf-8")).digest()
        self._proof = {name: value for name, value in configuration.items() if name != "@context"}

    def sign(self, values: Mapping[str, str]) -> dict[str, Any]:
        """The learner's credential with its proof, byte for byte what :func:`create_proof` gives."""
        canonical = self.shape.canonicalize(values)
        document_hash = hashlib.sha256(canonical.nquads.encode("utf-8")).digest()
        signature = self._key.sign(self._configuration_hash + document_hash)
        document = self.shape.fill(values)
        document["proof"] = {**self._proof, "proofValue": proof_value(signature)}
        return document


def _check_json(node: Any, path: str = "template") -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                raise CohortTemplateError(f"{path} has a key that is not a string: {key!r}")
            _check_json(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _check_json(value, f"{path}[{index}]")
    elif isinstance(node, float) and not math.isfinite(node):
        raise CohortTemplateError(f"{path} is {node}, which JSON cannot hold")
    elif not isinstance(node, Slot | str | int | float | bool | None):
        raise CohortTemplateError(f"{path} is a {type(node).__name__}, which is not JSON")


def _json_pieces(document: dict[str, Any], sentinels: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The document's JSON text cut at each slot: the texts between slots, and the slot names in order."""
    quoted = {json.dumps(sentinel): name for name, sentinel in sentinels.items()}
    if not quoted:
        return [json.dumps(document)], []
    pieces = re.split(f"({'|'.join(map(re.escape, quoted))})", json.dumps(document))
    return pieces[0::2], [quoted[piece] for piece in pieces[1::2]]


def _terms_of_every_context(node: Any) -> frozenset[str]:
    """The terms defined by the top-level context and by any context embedded deeper in the document."""
    if isinstance(node, list):
        return frozenset().union(*(_terms_of_every_context(entry) for entry in node))
    if not isinstance(node, dict):
        return frozenset()
    nested = (_terms_of_every_context(value) for key, value in node.items() if key != "@context")
    return defined_terms(node.get("@context")).union(*nested)


def _slot_names(node: Any) -> list[str]:
    if isinstance(node, Slot):
        return [node.name]
    if isinstance(node, dict):
        return [name for value in node.values() for name in _slot_names(value)]
    if isinstance(node, list):
        return [name for value in node for name in _slot_names(value)]
    return []


def _filled(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, Slot):
        return values[node.name]
    if isinstance(node, dict):
        return {key: _filled(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_filled(value, values) for value in node]
    return node


def _matches(template: Any, node: Any, values: dict[str, str]) -> bool:
    if isinstance(template, Slot):
        return isinstance(node, str) and values.setdefault(template.name, node) == node
    if type(template) is not type(node):
        return False
    if isinstance(template, dict):
        return list(template) == list(node) and all(
            _matches(template[key], node[key], values) for key in template
        )
    if isinstance(template, list):
        return len(template) == len(node) and all(map(_matches, template, node, [values] * len(node)))
    # repr tells -0.0 from 0.0, which compare equal.
    return bool(template == node) and repr(template) == repr(node)
