"""The JSON of the credentials the platform issues, built from plain values (no database):

* an Open Badges 3.0 ``AchievementCredential`` (VC Data Model 2.0) for a pass (R-CD1), carrying every EU
  mandatory element of a micro-credential (R-CA3), or for a conferred award (R-AW4), of the award's type;
* a 1EdTech CLR 2.0 ``ClrCredential`` transcript embedding a learner's signed badges (R-CD2);
* a W3C ``BitstringStatusListCredential`` (R-CD4) and an issuer's DID document.

Every key used is a term of the bundled contexts, so nothing is dropped in JSON-LD safe mode. A learner's
values may be :class:`~microcred.credentials.cohort.Slot` objects, so one call builds a cohort's template.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Final

from microcred.credentials.cohort import Slot
from microcred.rules.credit import Level

VC_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR_CONTEXT: Final = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
DID_CONTEXTS: Final = ("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1")
BADGE_TYPES: Final = ("VerifiableCredential", "AchievementCredential")
TRANSCRIPT_TYPES: Final = ("VerifiableCredential", "ClrCredential")
STATUS_LIST_TYPES: Final = ("VerifiableCredential", "BitstringStatusListCredential")

# A string, or for a cohort template the slot where each learner's string goes.
Text = str | Slot


@dataclass(frozen=True)
class IssuerProfile:
    """R-CA3 elements 3 and 4: the awarding body and where it is."""

    id: str
    name: str
    url: str = ""
    country: str = ""
    country_code: str = ""
    region: str = ""

    def document(self) -> dict[str, Any]:
        profile: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        if self.url:
            profile["url"] = self.url
        address = {
            "addressCountry": self.country,
            "addressCountryCode": self.country_code,
            "addressRegion": self.region,
        }
        if any(address.values()):
            profile["address"] = {
                "type": ["Address"],
                **{key: value for key, value in address.items() if value},
            }
        return profile


@dataclass(frozen=True)
class Alignment:
    """A node of a framework the achievement is aligned to: a level (FHEQ, EQF, QF-EHEA) or a learning
    outcome."""

    name: str
    framework: str
    code: str
    url: str
    target_type: str

    def document(self) -> dict[str, Any]:
        return {
            "type": ["Alignment"],
            "targetName": self.name,
            "targetFramework": self.framework,
            "targetCode": self.code,
            "targetType": self.target_type,
            "targetUrl": self.url,
        }


LEVEL_TARGET_TYPE: Final = "ext:QualificationsFrameworkLevel"
OUTCOME_TARGET_TYPE: Final = "ceasn:Competency"
# Where each framework is described; a framework not listed here points at the course page.
FRAMEWORK_URLS: Final = {
    "FHEQ": "https://www.qaa.ac.uk/the-quality-code/qualifications-frameworks",
    "EQF": "https://europass.europa.eu/en/europass-digital-tools/european-qualifications-framework",
    "QF-EHEA": "https://ehea.info/page-qualification-frameworks",
}


def level_alignments(level: Level, *, course_url: str) -> tuple[Alignment, ...]:
    """R-CR2: the level in the provider's framework, in EQF and, where it has one, the QF-EHEA cycle."""
    alignments = [
        Alignment(
            f"{level.framework} level {level.level}",
            level.framework,
            str(level.level),
            FRAMEWORK_URLS.get(level.framework, course_url),
            LEVEL_TARGET_TYPE,
        ),
        Alignment(
            f"EQF level {level.eqf_level}",
            "EQF",
            str(level.eqf_level),
            FRAMEWORK_URLS["EQF"],
            LEVEL_TARGET_TYPE,
        ),
    ]
    if level.cycle is not None:
        name = f"QF-EHEA {level.cycle.value} cycle"
        alignments.append(
            Alignment(name, "QF-EHEA", level.cycle.value, FRAMEWORK_URLS["QF-EHEA"], LEVEL_TARGET_TYPE)
        )
    return tuple(alignments)


def outcome_alignments(outcomes: Sequence[str], *, course_url: str, title: str) -> tuple[Alignment, ...]:
    """R-CA3 element 6: each learning outcome as a competency of the course."""
    framework = f"Learning outcomes of {title}"
    return tuple(
        Alignment(
            outcome, framework, f"LO{number}", f"{course_url}#learning-outcome-{number}", OUTCOME_TARGET_TYPE
        )
        for number, outcome in enumerate(outcomes, start=1)
    )


@dataclass(frozen=True)
class EuElement:
    """R-CA3: one element of the EU definition of a micro-credential, with one value or one per line."""

    name: str
    values: tuple[str, ...]


EU_ELEMENTS_HEADING: Final = (
    "European micro-credential elements (Council Recommendation 2022/C 243/02, Annex I)"
)


def criteria_narrative(summary: str, elements: Sequence[EuElement]) -> str:
    """The achievement's criteria in Markdown: how it is earned, then every EU element (R-CA3), so a wallet
    that shows only the narrative still shows them all."""
    lines = [summary, "", f"## {EU_ELEMENTS_HEADING}", ""]
    for element in elements:
        if len(element.values) == 1:
            lines.append(f"- **{element.name}:** {element.values[0]}")
            continue
        lines.append(f"- **{element.name}:**")
        lines += [f"  {number}. {value}" for number, value in enumerate(element.values, start=1)]
    return "\n".join(lines)


@dataclass(frozen=True)
class AchievementFacts:
    """What every badge for one microcredential says: the same for each learner of a cohort. An award's
    credential (R-AW4) says the same of the award, with its own type and no result: it is conferred, not
    graded."""

    id: str
    title: str
    description: str
    narrative: str
    credits: int
    field_of_study: str
    alignments: tuple[Alignment, ...]
    allowed_results: tuple[str, ...]
    result_name: str
    language: str = "en-GB"
    achievement_type: str = "MicroCredential"

    @property
    def result_description_id(self) -> str:
        return f"{self.id}#result"

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "id": self.id,
            "type": ["Achievement"],
            "achievementType": self.achievement_type,
            "name": self.title,
            "description": self.description,
            "criteria": {"narrative": self.narrative},
            "creditsAvailable": self.credits,
            "fieldOfStudy": self.field_of_study,
            "alignment": [alignment.document() for alignment in self.alignments],
        }
        if self.allowed_results:
            document["resultDescription"] = [
                {
                    "id": self.result_description_id,
                    "type": ["ResultDescription"],
                    "name": self.result_name,
                    "resultType": "LetterGrade",
                    "allowedValue": list(self.allowed_results),
                }
            ]
        return document | {"inLanguage": self.language}


@dataclass(frozen=True)
class HolderValues:
    """What differs from learner to learner. R-AS5: ``result`` is the outcome the policy lets the learner see
    (``Pass`` for IBERS), never a mark; an award has none. ``name`` and ``result`` are left out of the
    credential when None."""

    credential_id: Text
    valid_from: Text
    awarded_date: Text
    subject_id: Text
    name: Text | None
    identity_hash: Text
    salt: Text
    result: Text | None
    status_id: Text
    status_list_url: Text
    status_index: Text

    @classmethod
    def slots(cls, *, has_name: bool) -> "HolderValues":
        """A cohort template's values: a slot named after each field."""
        values: dict[str, Slot | None] = {field.name: Slot(field.name) for field in fields(cls)}
        if not has_name:
            values["name"] = None
        return cls(**values)  # type: ignore[arg-type]

    def slot_values(self) -> dict[str, str]:
        """The values a cohort signer fills the slots of :meth:`slots` with."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return {name: value for name, value in values.items() if isinstance(value, str)}


def identity_object(identity_hash: Text, salt: Text) -> dict[str, Any]:
    """The learner's e-mail address, salted and hashed (OB 3.0 IdentityObject)."""
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash,
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def status_entry(status_id: Text, list_url: Text, index: Text) -> dict[str, Any]:
    """R-CD4: where the credential's revocation bit is. The index is a string of decimal digits."""
    return {
        "id": status_id,
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index,
        "statusListCredential": list_url,
    }


def achievement_credential(
    issuer: IssuerProfile, achievement: AchievementFacts, holder: HolderValues
) -> dict[str, Any]:
    """R-CD1: the unsigned Open Badges 3.0 credential of one learner's pass (R-AW4: or award)."""
    subject: dict[str, Any] = {"id": holder.subject_id, "type": ["AchievementSubject"]}
    if holder.name is not None:
        subject["name"] = holder.name
    subject |= {
        "identifier": [identity_object(holder.identity_hash, holder.salt)],
        "achievement": achievement.document(),
        "creditsEarned": achievement.credits,
    }
    if holder.result is not None:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": achievement.result_description_id,
                "value": holder.result,
            }
        ]
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": holder.credential_id,
        "type": list(BADGE_TYPES),
        "name": achievement.title,
        "description": achievement.description,
        "issuer": issuer.document(),
        "validFrom": holder.valid_from,
        "awardedDate": holder.awarded_date,
        "credentialSubject": subject,
        "credentialStatus": status_entry(holder.status_id, holder.status_list_url, holder.status_index),
    }


@dataclass(frozen=True)
class TranscriptValues:
    credential_id: str
    title: str
    description: str
    valid_from: str
    subject_id: str
    identity_hash: str
    salt: str
    status_id: str
    status_list_url: str
    status_index: str


def clr_credential(
    issuer: IssuerProfile, transcript: TranscriptValues, badges: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """R-CD2: the unsigned CLR 2.0 transcript: the learner's signed badges, embedded as issued."""
    return {
        "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
        "id": transcript.credential_id,
        "type": list(TRANSCRIPT_TYPES),
        "name": transcript.title,
        "description": transcript.description,
        "issuer": issuer.document(),
        "validFrom": transcript.valid_from,
        "awardedDate": transcript.valid_from,
        "credentialSubject": {
            "id": transcript.subject_id,
            "type": ["ClrSubject"],
            "identifier": [identity_object(transcript.identity_hash, transcript.salt)],
            "verifiableCredential": [dict(badge) for badge in badges],
        },
        "credentialStatus": status_entry(
            transcript.status_id, transcript.status_list_url, transcript.status_index
        ),
    }


def status_list_credential(
    *, list_url: str, issuer_id: str, valid_from: str, encoded_list: str
) -> dict[str, Any]:
    """R-CD4: the unsigned status list credential, signed by the issuer of the credentials it covers."""
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": list(STATUS_LIST_TYPES),
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }


@dataclass(frozen=True)
class PublicKey:
    fragment: str
    public_key_multibase: str


def did_document(did: str, keys: Sequence[PublicKey]) -> dict[str, Any]:
    """An issuer's ``did:web`` document: every key it has had (retired ones too, so what they signed still
    verifies), each usable for assertions, i.e. for signing credentials."""
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
