"""Every write of the credentials app, one entry point per use case (the modules beside this one hold them):

- ``credential_issue_enqueue`` / ``credential_issue_for_credit``: R-CD1, a released pass's badge;
- ``credentials_issue_pending``: every credit without a badge, a cohort signer per achievement;
- ``transcript_issue``: R-CD2, the learner's CLR transcript, signed by the platform;
- ``award_credential_enqueue`` / ``credential_issue_for_award``: R-AW4, a conferred award's own credential;
  ``award_credential_supersede``: a lower award's, marked superseded when a higher one is conferred;
- ``credential_revoke``: R-CD4, by a registry officer of the issuing provider, with a reason;
- ``credentials_revoke_for_credit`` / ``credentials_revoke_for_enrolment``: R-CD4, by the platform on a
  refund (R-EN5) or a superseding award (R-AW4);
- ``issuer_key_rotate``: a new signing key; the old one keeps verifying what it signed;
- ``learner_export``: a learner's credentials and everything needed to verify them offline.
"""

from microcred.credentials.services_awards import (
    AwardConferment,
    award_credential_enqueue,
    award_credential_supersede,
    credential_issue_for_award,
)
from microcred.credentials.services_batch import BatchSummary, credentials_issue_pending
from microcred.credentials.services_export import ExportSummary, learner_export
from microcred.credentials.services_issuance import credential_issue_enqueue, credential_issue_for_credit
from microcred.credentials.services_issuers import (
    issuer_did_document,
    issuer_for_provider,
    issuer_key_rotate,
    platform_issuer,
    verification_url,
)
from microcred.credentials.services_status import (
    can_revoke,
    credential_revoke,
    credentials_revoke_for_award,
    credentials_revoke_for_credit,
    credentials_revoke_for_enrolment,
)
from microcred.credentials.services_transcripts import transcript_issue
from microcred.credentials.services_verification import (
    Verdict,
    Verification,
    verify_document,
    verify_json_text,
)

__all__ = [
    "AwardConferment",
    "BatchSummary",
    "ExportSummary",
    "Verdict",
    "Verification",
    "award_credential_enqueue",
    "award_credential_supersede",
    "can_revoke",
    "credential_issue_enqueue",
    "credential_issue_for_award",
    "credential_issue_for_credit",
    "credential_revoke",
    "credentials_issue_pending",
    "credentials_revoke_for_award",
    "credentials_revoke_for_credit",
    "credentials_revoke_for_enrolment",
    "issuer_did_document",
    "issuer_for_provider",
    "issuer_key_rotate",
    "learner_export",
    "platform_issuer",
    "transcript_issue",
    "verification_url",
    "verify_document",
    "verify_json_text",
]
