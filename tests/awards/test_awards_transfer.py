"""R-AW7 credit transfer: the request carries the learner's signed CLR transcript; the provider's registry
records the receiving side's answer with a note. Refusals change nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.awards.awards_builders import credit_for
from tests.credentials.issuance_builders import credentials_settings
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User
from microcred.awards.errors import ClaimRefused, NotPermitted
from microcred.awards.models import CreditTransfer, RequestStatus
from microcred.awards.services_transfer import transfer_decide, transfer_request
from microcred.catalog.models import Provider
from microcred.credentials.models import CredentialKind
from microcred.credentials.services import credential_issue_for_credit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing(settings: Any) -> None:
    credentials_settings(settings)


def _requested(learner: User) -> CreditTransfer:
    credit = credit_for(learner)
    credential_issue_for_credit(credit_id=credit.pk)
    return transfer_request(
        learner=learner, provider=Provider.objects.get(slug="uol"), destination="  MSc Data Science,  UoL "
    )


def test_r_aw7_a_transfer_request_carries_the_learners_clr_transcript(learner: User) -> None:
    transfer = _requested(learner)

    assert (transfer.destination, transfer.status) == ("MSc Data Science, UoL", RequestStatus.REQUESTED)
    assert (transfer.transcript.kind, transfer.transcript.learner_id) == (
        CredentialKind.TRANSCRIPT,
        learner.pk,
    )
    assert '"ClrCredential"' in transfer.transcript.document_json


def test_r_aw7_without_credit_there_is_no_transcript_and_no_request(learner: User) -> None:
    with pytest.raises(ClaimRefused) as refused:
        transfer_request(learner=learner, provider=ProviderFactory(slug="uol"), destination="MSc")

    assert refused.value.field == "transcript"
    assert CreditTransfer.objects.count() == 0


def test_r_aw7_the_registry_records_the_outcome(learner: User, uol_registry: User) -> None:
    transfer = _requested(learner)

    decided = transfer_decide(
        officer=uol_registry, transfer_id=transfer.pk, accepted=True, note="Accepted: 15 credits."
    )

    assert (decided.status, decided.outcome_note, decided.decided_by_id) == (
        RequestStatus.GRANTED,
        "Accepted: 15 credits.",
        uol_registry.pk,
    )


@pytest.mark.parametrize("officer", ["ou_registry", "uol_marker", "learner"])
def test_r_aw7_only_the_providers_registry_records_it(
    officer: str, learner: User, request: pytest.FixtureRequest
) -> None:
    transfer = _requested(learner)

    with pytest.raises(NotPermitted):
        transfer_decide(
            officer=request.getfixturevalue(officer), transfer_id=transfer.pk, accepted=True, note="Yes."
        )

    assert list(CreditTransfer.objects.values_list("status", "outcome_note")) == [
        (RequestStatus.REQUESTED, "")
    ]


@pytest.mark.parametrize(
    ("name", "expected"), [("uol_registry", 302), ("ou_registry", 403), ("learner", 403)]
)
def test_r_aw7_the_outcome_is_recorded_from_the_registrys_page(
    name: str,
    expected: int,
    learner: User,
    client_for: Callable[[User | None], Client],
    request: pytest.FixtureRequest,
) -> None:
    transfer = _requested(learner)
    client = client_for(request.getfixturevalue(name))

    response = client.post(f"/staff/awards/transfers/{transfer.pk}/decide/", {"note": "Refused: too old."})

    assert response.status_code == expected
    transfer.refresh_from_db()
    expected_row = (
        (RequestStatus.REFUSED, "Refused: too old.") if expected == 302 else (RequestStatus.REQUESTED, "")
    )
    assert (transfer.status, transfer.outcome_note) == expected_row
