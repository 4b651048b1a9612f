"""R-CD1: issuers and their keys. One Ed25519 key (a Multikey) per awarding provider, made on first use and
kept encrypted at rest; ``did:web`` issuers under CREDENTIALS_PUBLIC_HOST with their DID document served
locally, ``did:key`` otherwise; rotation adds a key and what the old one signed still verifies."""

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from issuance_builders import (
    PUBLIC_HOST,
    badge_for,
    course,
    credentials_settings,
    credit_for,
    document_of,
)
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services
from microcred.credentials.key_store import KeyStoreError, open_private_key, seal_private_key
from microcred.credentials.models import Credential, Issuer, IssuerKey
from microcred.credentials.multikey import public_key_multibase, secret_key_multibase
from microcred.credentials.services_issuers import signing_key_of
from microcred.credentials.services_verification import Verdict, verify_document

pytestmark = pytest.mark.django_db

DID = f"did:web:{PUBLIC_HOST}:issuers:uol"


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings, did_web=True)


def _seed(key: IssuerKey) -> bytes:
    return signing_key_of(key).private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def test_r_cd1_a_did_web_issuer_is_named_by_the_public_host(learner: User) -> None:
    document = document_of(badge_for(learner))

    assert document["issuer"]["id"] == DID
    assert document["proof"]["verificationMethod"] == f"{DID}#key-1"


def test_r_cd1_the_did_document_lists_the_key_with_its_absolute_id(client: Client, learner: User) -> None:
    badge_for(learner)
    key = IssuerKey.objects.get()

    response = client.get("/issuers/uol/did.json")

    assert response.status_code == 200
    assert response.json() == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": [
            {
                "id": f"{DID}#key-1",
                "type": "Multikey",
                "controller": DID,
                "publicKeyMultibase": key.public_key_multibase,
            }
        ],
        "assertionMethod": [f"{DID}#key-1"],
    }


def test_r_cd1_a_port_in_the_public_host_is_percent_encoded(settings: SettingsWrapper, learner: User) -> None:
    settings.CREDENTIALS_PUBLIC_HOST = "localhost:8000"

    credential = badge_for(learner)

    assert document_of(credential)["issuer"]["id"] == "did:web:localhost%3A8000:issuers:uol"
    assert verify_document(document_of(credential), now=credential.issued_at).verdict is Verdict.VALID


def test_r_cd1_without_a_public_host_the_issuer_is_the_did_key_of_its_key(
    settings: SettingsWrapper, client: Client, learner: User
) -> None:
    settings.CREDENTIALS_PUBLIC_HOST = ""

    document = document_of(badge_for(learner))

    multikey = IssuerKey.objects.get().public_key_multibase
    assert document["issuer"]["id"] == f"did:key:{multikey}"
    assert document["proof"]["verificationMethod"] == f"did:key:{multikey}#{multikey}"
    assert client.get("/issuers/uol/did.json").status_code == 404


def test_r_cd1_each_provider_signs_with_its_own_key(learner: User) -> None:
    uol = document_of(badge_for(learner))
    ou = document_of(badge_for(learner, course("ou")))

    assert (uol["issuer"]["id"], ou["issuer"]["id"]) == (DID, f"did:web:{PUBLIC_HOST}:issuers:ou")
    assert IssuerKey.objects.values("issuer").distinct().count() == 2


def test_r_cd1_rotation_adds_a_key_and_old_badges_still_verify(client: Client, learner: User) -> None:
    # given
    old = badge_for(learner)
    issuer = Issuer.objects.get(provider__slug="uol")

    # when
    services.issuer_key_rotate(issuer=issuer)
    new = badge_for(learner, course(title="Statistics", slug="statistics"))

    # then
    assert document_of(new)["proof"]["verificationMethod"] == f"{DID}#key-2"
    assert [verify_document(document_of(badge), now=new.issued_at).verdict for badge in (old, new)] == [
        Verdict.VALID,
        Verdict.VALID,
    ]
    listed = client.get("/issuers/uol/did.json").json()
    assert listed["assertionMethod"] == [f"{DID}#key-1", f"{DID}#key-2"]
    assert list(IssuerKey.objects.filter(retired_at__isnull=True).values_list("fragment", flat=True)) == [
        "key-2"
    ]


def test_r_cd1_rotation_under_did_key_keeps_old_badges_and_their_status_list_valid(
    settings: SettingsWrapper, learner: User, uol_registry: User
) -> None:
    settings.CREDENTIALS_PUBLIC_HOST = ""
    old = badge_for(learner)
    services.issuer_key_rotate(issuer=old.issuer)
    new = badge_for(learner, course(title="Statistics", slug="statistics"))

    services.credential_revoke(
        public_id=old.public_id, officer=uol_registry, reason="misconduct", note="Copied."
    )

    assert document_of(old)["issuer"]["id"] != document_of(new)["issuer"]["id"]
    assert old.status_list_id != new.status_list_id
    assert verify_document(document_of(old), now=new.issued_at).verdict is Verdict.REVOKED
    assert verify_document(document_of(new), now=new.issued_at).verdict is Verdict.VALID


def test_r_cd1_the_private_key_is_stored_encrypted(learner: User) -> None:
    badge_for(learner)
    key = IssuerKey.objects.get()

    seed = _seed(key)
    stored = bytes(key.sealed_private_key)
    assert len(seed) == 32
    assert seed not in stored
    assert public_key_multibase(signing_key_of(key).public_key) == key.public_key_multibase


def test_r_cd1_a_stored_key_does_not_open_with_another_encryption_key(
    settings: SettingsWrapper, learner: User
) -> None:
    badge_for(learner)
    key = IssuerKey.objects.get()
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = "a-different-key-encryption-key"

    with pytest.raises(KeyStoreError):
        signing_key_of(key)


def test_r_cd1_a_sealed_key_is_bound_to_its_issuer_and_public_key(learner: User) -> None:
    badge_for(learner)
    key = IssuerKey.objects.get()
    binding = f"uol#{key.public_key_multibase}"
    opened = open_private_key(bytes(key.sealed_private_key), binding=binding)

    with pytest.raises(KeyStoreError):
        open_private_key(bytes(key.sealed_private_key), binding=f"ou#{key.public_key_multibase}")
    assert open_private_key(seal_private_key(opened, binding=binding), binding=binding) is not None


def test_r_cd1_without_an_encryption_key_issuing_stops_with_the_setting_named(
    settings: SettingsWrapper, learner: User
) -> None:
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = ""
    settings.DEBUG = False
    credit = credit_for(learner)

    with pytest.raises(ImproperlyConfigured, match="CREDENTIALS_KEY_ENCRYPTION_KEY is not set"):
        services.credential_issue_for_credit(credit_id=credit.pk)
    assert Credential.objects.count() == 0


def test_r_cd1_in_debug_a_key_derived_from_secret_key_stands_in(
    settings: SettingsWrapper, learner: User
) -> None:
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = ""
    settings.DEBUG = True

    credential = badge_for(learner)

    assert verify_document(document_of(credential), now=credential.issued_at).verdict is Verdict.VALID


def test_r_cd1_the_deploy_check_asks_for_an_encryption_key(settings: SettingsWrapper) -> None:
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = ""
    settings.DEBUG = False

    messages = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert "microcred.credentials.E001" in [message.id for message in messages]


def test_r_cd1_the_key_never_reaches_the_admin_or_the_export(
    client: Client, platform_admin: User, learner: User
) -> None:
    credential = badge_for(learner)
    key = IssuerKey.objects.get()
    client.force_login(platform_admin)

    page = client.get(f"/admin/credentials/issuer/{credential.issuer_id}/change/").content.decode()

    assert key.public_key_multibase in page
    assert "sealed" not in page
    assert secret_key_multibase(signing_key_of(key).private_key) not in page


@pytest.mark.parametrize(
    ("host", "is_accepted"),
    [
        ("microcred.example", True),
        ("localhost:8000", True),
        ("https://microcred.example", False),
        ("a/b", False),
    ],
)
def test_r_cd1_the_public_host_must_be_a_host_name(
    settings: SettingsWrapper, host: str, is_accepted: bool
) -> None:
    settings.CREDENTIALS_PUBLIC_HOST = host

    messages = checks.run_checks()

    assert ("microcred.credentials.E002" not in [message.id for message in messages]) is is_accepted


def test_r_cd1_a_platform_admin_rotates_keys_from_the_admin(
    client: Client, platform_admin: User, learner: User
) -> None:
    issuer = badge_for(learner).issuer
    client.force_login(platform_admin)

    response = client.post(
        "/admin/credentials/issuer/",
        {"action": "rotate_keys", "_selected_action": [str(issuer.pk)]},
        follow=True,
    )

    assert response.status_code == 200
    keys = issuer.keys.order_by("id")
    assert [(key.fragment, key.is_signing) for key in keys] == [("key-1", False), ("key-2", True)]
