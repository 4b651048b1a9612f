"""The platform's only settings module. Everything that differs between deployments comes from the
environment (docs/operations.md lists every variable)."""

import json
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from microcred.config.env import env_bool, env_int, env_list, env_path, env_secret, env_str

# The checkout (or install) root: policies/ and var/ live beside src/.
BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = env_path("MICROCRED_VAR_DIR", BASE_DIR / "var")
POLICY_DIR = env_path("MICROCRED_POLICY_DIR", BASE_DIR / "policies")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is not set: it is required when DEBUG is false")
    SECRET_KEY = "django-insecure-microcred-local-development-only"  # DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public origin used in links that leave the site (e-mails, QR codes, credential ids).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Before allauth, so our templates (the site layout around the account pages) win.
    "microcred.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "microcred.common",
    "microcred.accounts",
    "microcred.catalog",
    "microcred.payments",
    "microcred.enrolment",
    "microcred.learning",
    "microcred.assessment",
    "microcred.credentials",
    "microcred.awards",
    "microcred.privacy",
    "microcred.demo",
    "ninja",
    "microcred.api",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "microcred.accounts.middleware.StaffMfaRequiredMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verified before the first login; no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[microcred] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# Staff must use TOTP (microcred.accounts.middleware); everyone else may. Recovery codes cover a lost phone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "microcred"

ROOT_URLCONF = "microcred.config.urls"
WSGI_APPLICATION = "microcred.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'microcred.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "microcred <no-reply@localhost>")

# Celery: with no broker every task runs inline in the caller, so the embedded default needs nothing else.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Scheduled jobs; each task is idempotent, so a missed or repeated run is harmless.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # R-EN4: the academic-year start comes from each policy; daily so a missed run catches up.
    "enrolment-registrations-pause": {
        "task": "microcred.enrolment.tasks.registrations_pause_for_new_academic_year",
        "schedule": crontab(minute=10, hour=0),
    },
}

# Payments: "sandbox" (a local test checkout, the default) or "stripe".
PAYMENTS_PROVIDER = env_str("PAYMENTS_PROVIDER", "sandbox")
PAYMENTS_SANDBOX_SECRET = env_secret("PAYMENTS_SANDBOX_SECRET")  # empty: derived from SECRET_KEY
# Called inside the payment's transaction when a checkout is paid, or a refund is confirmed only by
# the provider.
PAYMENTS_FULFILMENT_HANDLER = env_str(
    "PAYMENTS_FULFILMENT_HANDLER", "microcred.enrolment.services.order_fulfil"
)
PAYMENTS_REFUND_HANDLER = env_str("PAYMENTS_REFUND_HANDLER", "microcred.enrolment.services.refund_settle")
# R-EN5: no refund after a summative attempt; assessment sits above enrolment, so it is named, not imported.
ENROLMENT_SUMMATIVE_SUBMISSION_CHECK = "microcred.assessment.selectors.has_summative_submission"
STRIPE_SECRET_KEY = env_secret("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_secret("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")  # empty: Stripe's own

# Credentials
# The key that encrypts issuers' private signing keys at rest: any long random string (or a file named by
# CREDENTIALS_KEY_ENCRYPTION_KEY_FILE). Required to issue when DEBUG is false; in DEBUG a key derived from
# SECRET_KEY stands in. Changing it makes the stored keys unreadable: keep it with the database backups.
CREDENTIALS_KEY_ENCRYPTION_KEY = env_secret("CREDENTIALS_KEY_ENCRYPTION_KEY")
# The host (with its port, if any) of the issuers' did:web identifiers, e.g. "credentials.example.ac.uk": an
# issuer is then did:web:<host>:issuers:<slug>, its DID document at https://<host>/issuers/<slug>/did.json.
# Unset: each issuer is the did:key of its signing key.
CREDENTIALS_PUBLIC_HOST = env_str("CREDENTIALS_PUBLIC_HOST").strip().lower()
# The name the platform signs transcripts under (R-CD2).
CREDENTIALS_PLATFORM_NAME = env_str("CREDENTIALS_PLATFORM_NAME", "microcred")
# Badges whose issuance never ran (a worker down when the result was released) are issued within the hour.
CELERY_BEAT_SCHEDULE["credentials-issue-pending"] = {
    "task": "microcred.credentials.tasks.credentials_issue_pending",
    "schedule": 3600.0,
}
# End of Credentials

# Effects a lower layer asks of a higher one (microcred.common.hooks), called inside the change's transaction.
ASSESSMENT_PASS_HANDLERS = ["microcred.credentials.services.credential_issue_enqueue"]  # R-CD1
ENROLMENT_REFUNDED_HANDLERS = ["microcred.credentials.services.credentials_revoke_for_enrolment"]  # R-EN5

# Submission uploads: checked by content; limit and accepted types (microcred.E301/E302 check them).
ASSESSMENT_UPLOAD_MAX_BYTES = env_int("ASSESSMENT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
ASSESSMENT_UPLOAD_TYPES = env_list("ASSESSMENT_UPLOAD_TYPES", ["pdf", "docx", "odt", "txt", "csv", "xlsx"])
CELERY_BEAT_SCHEDULE["assessment-expired-tests-close"] = {
    "task": "microcred.assessment.tasks.expired_tests_close",
    "schedule": 300.0,
}

# Operations (docs/operations.md): logs, metrics, the outbox, read replicas, media storage.
# Every log line of a request carries its id (X-Request-ID, or a new one), echoed in the response header.
MIDDLEWARE.insert(0, "microcred.common.request_id.RequestIdMiddleware")
MIDDLEWARE.insert(1, "microcred.common.metrics.MetricsMiddleware")
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT: expected text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "microcred.common.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
# Prometheus metrics at /metrics (404 when off). Keep /metrics off the public internet (see the guide).
METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
# Probes and scrapers talk plain HTTP to the machine itself, behind the TLS-terminating proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# The outbox relay leaves rows younger than this to their own on-commit send.
OUTBOX_RELAY_MIN_AGE_SECONDS = env_int("OUTBOX_RELAY_MIN_AGE_SECONDS", 30, minimum=0)
CELERY_BEAT_SCHEDULE["common-outbox-relay"] = {
    "task": "microcred.common.tasks.outbox_relay_pending",
    "schedule": float(env_int("OUTBOX_RELAY_INTERVAL_SECONDS", 60, minimum=1)),
}
# A task a killed worker had taken goes back to the queue after this many seconds (acks_late + Redis).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# Read replica: catalogue and verification reads go to it; writes and everything else to the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
DATABASE_REPLICA_APPS = env_list("DATABASE_REPLICA_APPS", ["catalog", "credentials"])
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
    )
    DATABASE_ROUTERS = ["microcred.common.db_router.ReadReplicaRouter"]
# Uploaded files: another Django storage class (e.g. S3 through django-storages, installed separately) and its
# options as a JSON object.
MEDIA_STORAGE_BACKEND = env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
try:
    MEDIA_STORAGE_OPTIONS = json.loads(env_str("MEDIA_STORAGE_OPTIONS", "{}"))
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"MEDIA_STORAGE_OPTIONS: expected a JSON object ({error})") from None
if not isinstance(MEDIA_STORAGE_OPTIONS, dict):
    raise ImproperlyConfigured("MEDIA_STORAGE_OPTIONS: expected a JSON object")
# The STORAGES literal above holds only strings, so mypy takes OPTIONS (a dict) for the wrong type.
STORAGES["default"] = {"BACKEND": MEDIA_STORAGE_BACKEND, "OPTIONS": MEDIA_STORAGE_OPTIONS}  # type: ignore[dict-item]
# End of Operations

# Security
# Content-Security-Policy (django-csp): nothing inline, everything from this origin. htmx is served from our
# static files and told not to inject its own <style> (the htmx-config meta tag in web/templates/base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        # Browsers hold the redirect after a POST to form-action too, so Stripe's hosted checkout is named.
        "form-action": [SELF, *(["https://checkout.stripe.com"] if PAYMENTS_PROVIDER == "stripe" else [])],
    },
}
# Argon2 for new hashes; the others still verify older hashes, which Django upgrades at the next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Five wrong passwords for one e-mail address in five minutes lock that address out for the rest of the
# window; the per-address limit does the work, the looser per-IP one spares a campus behind one NAT address.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
SESSION_COOKIE_HTTPONLY = True
# htmx sends the CSRF token from the page (hx-headers in base.html), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# End of Security

# Privacy and audit
# Every change of a person's role or provider is audited in the change's transaction (microcred.common.hooks).
ROLE_CHANGED_HANDLERS = ["microcred.privacy.services.role_event_write"]
# End of Privacy and audit

# Webhooks
# Outbound webhooks (docs/api.md, "Webhooks"): each change is announced by its domain service through these
# lists (microcred.common.hooks), inside the change's transaction; the handler records a delivery per
# subscribed endpoint of the provider and sends it through the outbox after commit.
ENROLMENT_CREATED_HANDLERS = ["microcred.api.webhooks.events.enrolment_created"]
ASSESSMENT_RESULT_RELEASED_HANDLERS = ["microcred.api.webhooks.events.result_released"]
CREDENTIAL_ISSUED_HANDLERS = ["microcred.api.webhooks.events.credentials_issued"]
CREDENTIAL_REVOKED_HANDLERS = ["microcred.api.webhooks.events.credential_revoked"]
AWARD_CONFERRED_HANDLERS = ["microcred.api.webhooks.events.award_conferred"]
# One POST waits this long for an answer; a failure is tried again after base × 2^(attempt − 1) seconds,
# at most the maximum, until the number of attempts is reached (1, 2, 4 … minutes, then 6 h: about 20 h).
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 5, minimum=1)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 60, minimum=1)
WEBHOOKS_RETRY_MAX_SECONDS = env_int("WEBHOOKS_RETRY_MAX_SECONDS", 6 * 3600, minimum=1)
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 12, minimum=1)
# SSRF guard: an endpoint whose host resolves to a loopback, private, link-local, multicast, reserved or
# unspecified address is refused when made and when sent to. True only where receivers sit on the
# platform's own network (and in tests, whose receiver listens on 127.0.0.1).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
# The api app has no tasks module for autodiscovery to find, so the worker is told where they are.
CELERY_IMPORTS = ["microcred.api.webhooks.tasks"]
CELERY_BEAT_SCHEDULE["api-webhooks-deliver-due"] = {
    "task": "microcred.api.webhooks.tasks.webhooks_deliver_due",
    "schedule": float(env_int("WEBHOOKS_DUE_INTERVAL_SECONDS", 30, minimum=1)),
}
# End of Webhooks

# API and shared cache
# Rate limits (the API's public endpoints, allauth's log-in limits) count in the cache: per process unless
# CACHE_URL names a Redis shared by every web process, which a deployment with several workers needs.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"CACHE_URL: expected a redis:// or rediss:// URL, got {CACHE_URL!r}")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
# Requests per client address to the public API endpoints: "<number>/<second|minute|hour|day>".
API_PUBLIC_RATE = env_str("API_PUBLIC_RATE", "120/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_PUBLIC_RATE):
    raise ImproperlyConfigured(f"API_PUBLIC_RATE: expected e.g. 120/min, got {API_PUBLIC_RATE!r}")
# End of API and shared cache
