"""The JSON-LD contexts shipped inside the package, looked up by URL. Contexts are never fetched: a verifier
resolves each URL to exactly these bytes, and a URL we do not ship is an error."""

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from microcred.credentials.errors import CanonicalizationError, UnknownContextError

BUNDLED_CONTEXT_FILES: Mapping[str, str] = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-2.0.1.json",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
}

# Contexts that pull in contexts that pull in contexts: more than this is a loop, not a design.
_MAX_NESTING = 8


def context_of(context_document_text: str) -> Any:
    """The ``@context`` value of a context document given as JSON text."""
    document = json.loads(context_document_text)
    if not isinstance(document, dict) or "@context" not in document:
        raise CanonicalizationError("a context document must be a JSON object with an @context entry")
    return document["@context"]


class ContextLibrary:
    """Context URL → that document's ``@context`` value."""

    def __init__(self, contexts: Mapping[str, Any]) -> None:
        self._contexts = dict(contexts)
        self._inlined: dict[str, Any] = {}

    @property
    def urls(self) -> frozenset[str]:
        return frozenset(self._contexts)

    def with_contexts(self, contexts: Mapping[str, Any]) -> "ContextLibrary":
        """This library and some more contexts (tests add the W3C examples context this way)."""
        return ContextLibrary({**self._contexts, **contexts})

    def inline(self, context: Any, nesting: int = 0) -> Any:
        """The ``@context`` value with every URL in it, at any depth, replaced by the bundled context."""
        if nesting > _MAX_NESTING:
            raise CanonicalizationError(f"contexts nest more than {_MAX_NESTING} deep")
        if isinstance(context, str):
            return self._inlined_url(context, nesting)
        if isinstance(context, list):
            return [self.inline(entry, nesting) for entry in context]
        if isinstance(context, dict):
            return {key: self._inline_definition(key, value, nesting) for key, value in context.items()}
        return context

    def inline_document(self, document: Any) -> Any:
        """The document with every ``@context`` in it (top level and embedded) inlined."""
        if isinstance(document, list):
            return [self.inline_document(entry) for entry in document]
        if not isinstance(document, dict):
            return document
        return {
            key: self.inline(value) if key == "@context" else self.inline_document(value)
            for key, value in document.items()
        }

    def _inlined_url(self, url: str, nesting: int) -> Any:
        if url not in self._inlined:
            if url not in self._contexts:
                raise UnknownContextError(url)
            self._inlined[url] = self.inline(self._contexts[url], nesting + 1)
        return self._inlined[url]

    def _inline_definition(self, key: str, value: Any, nesting: int) -> Any:
        if key == "@import":
            raise CanonicalizationError("@import in a context is not supported")
        if isinstance(value, dict) and "@context" in value:
            return {**value, "@context": self.inline(value["@context"], nesting + 1)}
        return value


def defined_terms(context: Any) -> frozenset[str]:
    """Every term an inlined ``@context`` value defines anywhere, scoped contexts included."""
    terms: set[str] = set()
    pending = [context]
    while pending:
        current = pending.pop()
        if isinstance(current, list):
            pending.extend(current)
        elif isinstance(current, dict):
            for key, value in current.items():
                if not key.startswith("@"):
                    terms.add(key)
                if isinstance(value, dict) and "@context" in value:
                    pending.append(value["@context"])
    return frozenset(terms)


@cache
def bundled_contexts() -> ContextLibrary:
    """The contexts the platform ships (``BUNDLED_CONTEXT_FILES``), read once per process."""
    folder = resources.files("microcred.credentials").joinpath("contexts")
    return ContextLibrary(
        {
            url: context_of(folder.joinpath(name).read_text("utf-8"))
            for url, name in BUNDLED_CONTEXT_FILES.items()
        }
    )
