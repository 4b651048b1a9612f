"""Who may reach each route of the project: one entry per route, keyed by its name (``namespace:name``) or,
for an unnamed route, its pattern. tests/security/test_security_access_matrix.py walks every URL pattern and
fails on a route missing here, or on an entry naming a route that no longer exists.

An entry says who gets through (an Audience) and how to ask: the method, which world object fills each URL
argument (an attribute of the matrix's World: ``{"public_id": "enrolment"}``) and the form posted. Everyone
else is refused: anonymous visitors are sent to log in (401 from the API), signed-in people get 403 or 404,
and nothing in the database changes. ``proven_by`` names a test module that proves the route with callers the
walker does not have (API keys, signed webhooks, the admin's own permissions); the walker then only checks the
route is classified. Every object in the world belongs to ``learner`` and, for staff, to UoL, unless the
entry's audience says otherwise (set exemptions are IBERS's, qualification links the OU's).

Adding a route: add one entry below, next to its neighbours.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "learner",
    "other_learner",
    "uol_marker",
    "uol_moderator",
    "uol_registry",
    "ou_marker",
    "ou_registry",
    "ibers_registry",
    "platform_admin",
)


@dataclass(frozen=True)
class Audience:
    name: str
    personas: frozenset[str]


def _audience(name: str, *personas: str) -> Audience:
    unknown = set(personas) - set(PERSONAS)
    assert not unknown, unknown
    return Audience(name, frozenset(personas))


PUBLIC = _audience("anyone, signed in or not", *PERSONAS)
SIGNED_IN = _audience("anyone signed in (each sees and acts on their own)", *PERSONAS[1:])
# Answers every caller alike (the API root is a JSON 404): nobody gets through, and nothing is told apart.
NOBODY = _audience("no one")
OWNER = _audience("the learner the object belongs to", "learner")
# Learners only, each on their own account (a learner's data erasure: staff accounts are refused it).
LEARNERS = _audience("learners (each their own account)", "learner", "other_learner")
# Staff of any provider with the role reach the page; each sees their own provider's rows only.
MARKERS = _audience("markers and moderators of any provider", "uol_marker", "uol_moderator", "ou_marker")
MODERATORS = _audience("moderators of any provider", "uol_moderator")
RELEASERS = _audience(
    "moderators and registry officers of any provider", "uol_moderator", "uol_registry", "ou_registry",
    "ibers_registry",
)  # fmt: skip
PROVIDER_STAFF = _audience(
    "staff of any provider", "uol_marker", "uol_moderator", "uol_registry", "ou_marker", "ou_registry",
    "ibers_registry",
)  # fmt: skip
REGISTRY = _audience("registry officers of any provider", "uol_registry", "ou_registry", "ibers_registry")
AUDIT_READERS = _audience(
    "registry officers (their provider's rows) and platform admins", *REGISTRY.personas, "platform_admin"
)
# Staff of the object's provider, by role.
UOL_ASSESSMENT_STAFF = _audience(
    "UoL markers, moderators and registry", "uol_marker", "uol_moderator", "uol_registry"
)
UOL_MARKERS = _audience("UoL markers and moderators", "uol_marker", "uol_moderator")
UOL_MODERATORS = _audience("UoL moderators", "uol_moderator")
UOL_RELEASERS = _audience("UoL moderators and registry officers", "uol_moderator", "uol_registry")
UOL_STAFF = _audience("UoL staff", "uol_marker", "uol_moderator", "uol_registry")
UOL_REGISTRY = _audience("UoL registry officers", "uol_registry")
OU_REGISTRY = _audience("OU registry officers", "ou_registry")
IBERS_REGISTRY = _audience("IBERS registry officers", "ibers_registry")
OWNER_AND_UOL_MARKERS = _audience(
    "the learner and UoL markers and moderators", "learner", *UOL_MARKERS.personas
)
ADMIN_SITE = _audience("registry officers and platform admins", *REGISTRY.personas, "platform_admin")
PLATFORM_ADMIN = _audience("platform admins", "platform_admin")
# Reached by the payment provider's signed events only: every persona's unsigned post is refused.
PAYMENT_PROVIDER = _audience("the payment provider, by signature")
# The API's provider endpoints, by a registry officer's session or the provider's API key (the walker has no
# keys: tests/api/test_api_access_matrix.py calls with them).
PROVIDER_API = _audience("registry officers or the provider's API key (their own rows)", *REGISTRY.personas)
UOL_PROVIDER_API = _audience("UoL registry officers or UoL's API key", "uol_registry")


@dataclass(frozen=True)
class Access:
    who: Audience
    method: str = "GET"
    args: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)
    proven_by: str = ""


def get(who: Audience, **args: str) -> Access:
    return Access(who, "GET", args)


def post(who: Audience, form: Mapping[str, str] | None = None, **args: str) -> Access:
    return Access(who, "POST", args, form or {})


def proven(who: Audience, by: str) -> Access:
    return Access(who, proven_by=by)


API = "tests/api/test_api_access_matrix.py"
ADMIN = "tests/web/test_web_access_matrix.py and tests/accounts/test_accounts_admin.py"
ALLAUTH = "tests/accounts/test_accounts_signup.py and tests/accounts/test_accounts_mfa.py"
WEBHOOK = "tests/payments/test_payments_events.py and tests/payments/test_payments_stripe_webhooks.py"

# Routes of the admin site are classified by namespace: its permissions are the admin's own, per model.
NAMESPACES: dict[str, Access] = {"admin": proven(ADMIN_SITE, ADMIN)}

ROUTES: dict[str, Access] = {
    # Operations
    "healthz": get(PUBLIC),
    "readyz": get(PUBLIC),
    "metrics": get(PUBLIC),
    # Accounts (allauth's own views)
    "account_login": get(PUBLIC),
    "account_logout": get(PUBLIC),
    "account_inactive": get(PUBLIC),
    "account_signup": get(PUBLIC),
    "account_reauthenticate": proven(SIGNED_IN, ALLAUTH),
    "account_email": get(SIGNED_IN),
    "account_email_verification_sent": get(PUBLIC),
    "account_change_password": get(SIGNED_IN),
    "account_set_password": get(SIGNED_IN),
    "account_reset_password": get(PUBLIC),
    "account_confirm_login_code": proven(PUBLIC, ALLAUTH),
    "account_confirm_email": get(PUBLIC, key="nonsense-key"),
    "account_reset_password_from_key_done": get(PUBLIC),
    "account_reset_password_from_key": get(PUBLIC, uidb36="1", key="nonsense-key"),
    "account_reset_password_done": get(PUBLIC),
    "mfa_index": get(SIGNED_IN),
    "mfa_authenticate": proven(PUBLIC, ALLAUTH),
    "mfa_reauthenticate": proven(SIGNED_IN, ALLAUTH),
    "mfa_activate_totp": proven(SIGNED_IN, ALLAUTH),
    "mfa_deactivate_totp": proven(SIGNED_IN, ALLAUTH),
    "mfa_view_recovery_codes": proven(SIGNED_IN, ALLAUTH),
    "mfa_generate_recovery_codes": proven(SIGNED_IN, ALLAUTH),
    "mfa_download_recovery_codes": proven(SIGNED_IN, ALLAUTH),
    # Home, dashboard, catalogue
    "home": get(PUBLIC),
    "dashboard": get(SIGNED_IN),
    "catalog:list": get(PUBLIC),
    "catalog:course": get(PUBLIC, provider_slug="provider_slug", slug="course_slug"),
    # Payments
    "payments:sandbox_checkout": get(OWNER, public_id="checkout"),
    "payments:webhook": proven(PAYMENT_PROVIDER, WEBHOOK),
    # Enrolment: the learner's
    "enrolment:cart_add": get(SIGNED_IN, provider_slug="provider_slug", slug="other_course_slug"),
    "enrolment:cart": get(SIGNED_IN),
    # Another learner's item id is ignored, as a missing one is: tests/security/test_security_object_access.py
    "enrolment:cart_remove": post(SIGNED_IN, item_id="cart_item"),
    "enrolment:checkout": post(SIGNED_IN),
    "enrolment:order": get(OWNER, public_id="order"),
    "enrolment:order_cancelled": get(OWNER, public_id="order"),
    "enrolment:enrolment": get(OWNER, public_id="enrolment"),
    "enrolment:top_up": post(OWNER, public_id="enrolment"),
    "enrolment:refund": post(OWNER, public_id="enrolment"),
    "enrolment:re_register": post(OWNER, public_id="enrolment"),
    "enrolment:deduction": get(SIGNED_IN),
    # Enrolment: the registry's
    "enrolment:staff_orders": get(REGISTRY),
    "enrolment:staff_refund": get(UOL_REGISTRY, public_id="enrolment"),
    "enrolment:staff_admissions": get(REGISTRY),
    # Assessment: the learner's
    "assessment:page": get(OWNER, public_id="enrolment"),
    "assessment:submit": post(OWNER, public_id="enrolment"),
    "assessment:test_start": post(OWNER, public_id="enrolment"),
    "assessment:test": get(OWNER, public_id="enrolment"),
    "assessment:file": get(OWNER_AND_UOL_MARKERS, public_id="submission"),
    # Assessment: staff
    "assessment:marking_queue": get(MARKERS),
    "assessment:submission": get(UOL_ASSESSMENT_STAFF, public_id="submission"),
    "assessment:mark": post(
        UOL_MARKERS, {"mark": "58", "feedback": "", "version": "1"}, public_id="submission"
    ),
    "assessment:moderation_queue": get(MODERATORS),
    "assessment:moderate": post(UOL_MODERATORS, {"agreed_mark": "40"}, public_id="submission"),
    "assessment:release_queue": get(RELEASERS),
    "assessment:release": post(UOL_RELEASERS, public_id="submission"),
    # Learning
    "learning:course": get(OWNER, enrolment_id="enrolment"),
    "learning:step": get(OWNER, enrolment_id="enrolment", step_id="step"),
    "learning:step_done": post(OWNER, enrolment_id="enrolment", step_id="step"),
    "learning:step_file": get(OWNER, enrolment_id="enrolment", step_id="file_step"),
    "learning:quiz": get(OWNER, enrolment_id="enrolment", quiz_id="quiz"),
    "learning:help": get(OWNER, enrolment_id="enrolment", number="week_number"),
    "learning:staff_help_queue": get(PROVIDER_STAFF),
    "learning:staff_help_question": get(UOL_STAFF, question_id="help_question"),
    "learning:staff_step_file": get(UOL_STAFF, step_id="file_step"),
    # Credentials: public by design (R-CD3: a verifier needs no account); ids are random UUIDs
    "credentials:verify": get(PUBLIC),
    "credentials:status_list": get(PUBLIC, issuer_slug="issuer_slug", number="status_list_number"),
    "credentials:credential": get(PUBLIC, public_id="credential"),
    "credentials:json": get(PUBLIC, public_id="credential"),
    "credentials:pdf": get(PUBLIC, public_id="credential"),
    "credentials:did_document": get(PUBLIC, issuer_slug="issuer_slug"),
    "credentials:revoke": get(UOL_REGISTRY, public_id="credential"),
    "credentials:mine": get(SIGNED_IN),
    "credentials:transcript": post(SIGNED_IN),
    "credentials:staff_list": get(REGISTRY),
    # Awards
    "awards:credit": get(SIGNED_IN),
    "awards:mine": get(SIGNED_IN),
    "awards:staff": get(REGISTRY),
    "awards:confer": post(UOL_REGISTRY, claim_id="claim"),
    "awards:refuse": post(UOL_REGISTRY, {"reason": "Not enough credit."}, claim_id="claim"),
    "awards:staff_recognition": get(REGISTRY),
    "awards:exemption_grant": post(IBERS_REGISTRY, exemption_id="exemption"),
    "awards:transfer_decide": post(UOL_REGISTRY, {"decision": "nonsense"}, transfer_id="transfer"),
    "awards:staff_links": get(REGISTRY),
    "awards:link_approve": post(OU_REGISTRY, link_id="link"),
    "awards:link_refuse": post(OU_REGISTRY, {"reason": "Not on the list."}, link_id="link"),
    # Privacy and the audit log
    "privacy:my_data": get(SIGNED_IN),
    "privacy:export": post(SIGNED_IN),
    "privacy:erase": get(LEARNERS),
    "privacy:erased": get(PUBLIC),
    "privacy:audit": get(AUDIT_READERS),
    # The API (tests/api/test_api_access_matrix.py holds every operation, with API keys as callers)
    "api-v1:openapi-json": get(PUBLIC),
    "api-v1:openapi-view": get(PUBLIC),
    "api-v1:api-root": get(NOBODY),
    "api/v1/^(?P<unmatched>.*)$": proven(PUBLIC, "tests/api/test_api_openapi.py"),
    "api-v1:catalog_list": proven(PUBLIC, API),
    "api-v1:catalog_detail": proven(PUBLIC, API),
    "api-v1:credential_verification": proven(PUBLIC, API),
    "api-v1:verify_document": proven(PUBLIC, API),
    "api-v1:issuer_profile": proven(PUBLIC, API),
    "api-v1:did_document": proven(PUBLIC, API),
    "api-v1:status_list": proven(PUBLIC, API),
    "api-v1:my_enrolments": proven(SIGNED_IN, API),
    "api-v1:my_results": proven(SIGNED_IN, API),
    "api-v1:my_credentials": proven(SIGNED_IN, API),
    "api-v1:my_tokens": proven(SIGNED_IN, API),
    "api-v1:token_create": proven(SIGNED_IN, API),
    "api-v1:token_revoke": proven(OWNER, API),
    "api-v1:my_progress": proven(OWNER, API),
    "api-v1:my_credit": proven(SIGNED_IN, API),
    "api-v1:my_award_options": proven(SIGNED_IN, API),
    "api-v1:my_credential_document": proven(OWNER, API),
    "api-v1:my_claims": proven(SIGNED_IN, API),
    "api-v1:claim_create": proven(SIGNED_IN, API),
    "api-v1:enrolments": proven(PROVIDER_API, API),
    "api-v1:api_keys": proven(REGISTRY, API),
    "api-v1:api_key_create": proven(REGISTRY, API),
    "api-v1:api_key_revoke": proven(UOL_REGISTRY, API),
    "api-v1:submissions": proven(PROVIDER_API, API),
    "api-v1:submission_mark": proven(UOL_PROVIDER_API, API),
    "api-v1:completions_issue": proven(PROVIDER_API, API),
    "api-v1:provider_microcredentials": proven(PROVIDER_API, API),
    "api-v1:microcredential_create": proven(PROVIDER_API, API),
    "api-v1:microcredential_update": proven(UOL_PROVIDER_API, API),
    "api-v1:cohort_create": proven(UOL_PROVIDER_API, API),
    "api-v1:cohort_update": proven(UOL_PROVIDER_API, API),
    "api-v1:price_create": proven(UOL_PROVIDER_API, API),
    "api-v1:price_update": proven(UOL_PROVIDER_API, API),
    "api-v1:webhook_endpoints_list": proven(PROVIDER_API, API),
    "api-v1:webhook_endpoint_create": proven(REGISTRY, API),
    "api-v1:webhook_endpoint_disable": proven(UOL_REGISTRY, API),
    "api-v1:webhook_deliveries": proven(PROVIDER_API, API),
    "api-v1:webhook_redeliver": proven(REGISTRY, API),
}
