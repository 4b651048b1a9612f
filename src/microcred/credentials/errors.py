"""Errors for bad input to the credentials core. Each message names what was wrong; verification turns them
into a failed result instead of raising."""


class CredentialError(ValueError):
    """A document, key, status list or template that the credentials core cannot work with."""


class CanonicalizationError(CredentialError):
    """A document that cannot be turned into canonical N-Quads without losing or inventing statements."""


class UnknownContextError(CanonicalizationError):
    """An ``@context`` URL that is not bundled with the platform (contexts are never fetched)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"@context {url!r} is not one of the bundled contexts, and contexts are never fetched"
        )


class UndefinedTermError(CanonicalizationError):
    """Terms that no context defines. A JSON-LD processor would drop them silently, so the signature would not
    cover them; verifiers in safe mode refuse such documents, and so do we."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        self.terms = terms
        super().__init__(f"terms not defined by any @context: {', '.join(terms)}")


class MultikeyError(CredentialError):
    """A key, multibase value or ``did:key`` identifier that is not an Ed25519 multikey."""


class StatusListError(CredentialError):
    """A status list or index that does not follow W3C Bitstring Status List."""


class CohortTemplateError(CredentialError):
    """A cohort template, or the values given for its slots, that the cohort signer cannot use."""
