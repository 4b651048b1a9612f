"""A learner's credentials with every document a verifier would fetch to check them offline: the issuers'
DID documents, the status list credentials and the JSON-LD contexts, and ``manifest.json`` mapping each URL
(or ``urn:uuid:`` id) to its file. Files hold the exact bytes served."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.contrib.auth.base_user import AbstractBaseUser

from microcred.credentials import selectors
from microcred.credentials.context_library import BUNDLED_CONTEXT_FILES
from microcred.credentials.documents import DID_CONTEXTS
from microcred.credentials.services_issuers import issuer_did_document

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ExportSummary:
    credentials: int
    manifest: dict[str, str]


def did_web_url(did: str) -> str | None:
    """Where a ``did:web`` DID's document is (did:web §3.2): ``did:web:host:a:b`` → https://host/a/b/did.json."""
    if not did.startswith("did:web:"):
        return None
    host, *path = did.removeprefix("did:web:").split(":")
    return f"https://{unquote(host)}/{'/'.join([*path, 'did.json'] if path else ['.well-known', 'did.json'])}"


def _documents(document: Any) -> Iterator[dict[str, Any]]:
    """The credential and every credential embedded in it (a transcript's badges)."""
    if not isinstance(document, dict):
        return
    yield document
    subject = document.get("credentialSubject")
    if isinstance(subject, dict):
        for badge in subject.get("verifiableCredential") or []:
            yield from _documents(badge)


def _status_list_files(document: dict[str, Any], files: dict[str, tuple[str, str]]) -> None:
    status = document.get("credentialStatus")
    for entry in status if isinstance(status, list) else [status]:
        url = entry.get("statusListCredential") if isinstance(entry, dict) else None
        status_list = selectors.status_list_at(url)
        if isinstance(url, str) and status_list is not None and url not in files:
            name = f"status-lists/{status_list.issuer.slug}-{status_list.number}.json"
            files[url] = (name, status_list.document_json)
            _issuer_files(json.loads(status_list.document_json), files)


def _issuer_files(document: dict[str, Any], files: dict[str, tuple[str, str]]) -> None:
    issuer = document.get("issuer")
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    url = did_web_url(did) if isinstance(did, str) else None
    if not isinstance(did, str) or url is None or url in files:
        return
    found = selectors.issuer_by_slug(did.rpartition(":")[2])
    did_document = issuer_did_document(found) if found else None
    if found is not None and did_document is not None and did_document["id"] == did:
        files[url] = (
            f"issuers/{found.slug}/did.json",
            json.dumps(did_document, ensure_ascii=False, indent=2),
        )
        files.update(_context_files(DID_CONTEXTS))


def _context_files(urls: Any) -> dict[str, tuple[str, str]]:
    folder = resources.files("microcred.credentials").joinpath("contexts")
    listed = urls if isinstance(urls, list | tuple) else [urls]
    return {
        url: (
            f"contexts/{BUNDLED_CONTEXT_FILES[url]}",
            folder.joinpath(BUNDLED_CONTEXT_FILES[url]).read_text("utf-8"),
        )
        for url in listed
        if isinstance(url, str) and url in BUNDLED_CONTEXT_FILES
    }


def learner_export(*, learner: AbstractBaseUser, out_dir: Path) -> ExportSummary:
    """Write the learner's credentials and what verifying them needs into ``out_dir``."""
    files: dict[str, tuple[str, str]] = {}
    credentials = list(selectors.credentials_of_learner(learner).order_by("issued_at", "id"))
    for credential in credentials:
        files[credential.credential_id] = (
            f"credentials/{credential.public_id}.json",
            credential.document_json,
        )
        for document in _documents(json.loads(credential.document_json)):
            files.update(_context_files(document.get("@context")))
            _issuer_files(document, files)
            _status_list_files(document, files)
    for name, text in files.values():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    manifest = {url: name for url, (name, _) in sorted(files.items())}
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return ExportSummary(credentials=len(credentials), manifest=manifest)
