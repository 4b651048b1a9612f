"""Every error the API returns is JSON ``{"code", "message", "details"}``; ``code`` is stable snake case.

Handlers are registered on the NinjaAPI instance, so nothing under ``/api/v1/`` answers with Django's HTML
error pages, a crash included (logged, then answered with ``internal_error``)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

from microcred.assessment.errors import AssessmentError
from microcred.assessment.errors import NotPermitted as AssessmentNotPermitted
from microcred.awards.errors import AwardError
from microcred.awards.errors import NotPermitted as AwardNotPermitted
from microcred.catalog.errors import CatalogEntryInvalid, CatalogError
from microcred.credentials.services_errors import CredentialRefused
from microcred.credentials.services_errors import NotPermitted as CredentialNotPermitted
from microcred.enrolment.errors import EnrolmentError
from microcred.enrolment.errors import NotAllowed as EnrolmentNotAllowed
from microcred.learning.errors import LearningError, NoAccess

logger = logging.getLogger(__name__)

UNREADABLE_REQUEST_ERRORS = (MultiPartParserError, BadRequest, RequestDataTooBig, SuspiciousOperation)
FORBIDDEN_DOMAIN_ERRORS = (
    AssessmentNotPermitted,
    AwardNotPermitted,
    CredentialNotPermitted,
    EnrolmentNotAllowed,
    NoAccess,
)
CONFLICT_DOMAIN_ERRORS = (
    AssessmentError,
    AwardError,
    CatalogError,
    CredentialRefused,
    EnrolmentError,
    LearningError,
)


class ApiError(HttpError):
    """An error with its own code, raised by a router: ``raise ApiError(409, "already_revoked", "…")``."""

    def __init__(self, status_code: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(status_code, message)
        self.code = code
        self.details = details


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "details": details}, status=status)


def _field_errors(error: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors as ``{"field": "query.level", "message": …}``, the path joined by dots."""
    return [
        {"field": ".".join(str(part) for part in item.get("loc", ())), "message": str(item.get("msg", ""))}
        for item in error.errors
    ]


def _entry_errors(error: CatalogEntryInvalid) -> list[dict[str, Any]]:
    """The model's checks, in the shape of pydantic's: ``{"field": "body.level", "message": …}``."""
    return [
        {"field": "body" if field == "__all__" else f"body.{field}", "message": message}
        for field, messages in error.errors.items()
        for message in messages
    ]


def _http_error_code(error: HttpError) -> str:
    codes = {
        400: "bad_request",
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
    }
    return codes.get(error.status_code, "http_error")


@dataclass(frozen=True)
class ErrorBody:
    status: int
    code: str
    message: str
    details: Any = None


def _from_api_error(error: ApiError) -> ErrorBody:
    return ErrorBody(error.status_code, error.code, error.message, error.details)


def _from_http_error(error: HttpError) -> ErrorBody:
    return ErrorBody(error.status_code, _http_error_code(error), str(error.message))


SIGN_IN = "Sign in, or send a personal access token or an API key."

# ninja answers with the handler of the nearest class in the error's MRO, so the order here does not matter.
TRANSLATIONS: list[tuple[type[Exception], Callable[[Any], ErrorBody]]] = [
    (
        ValidationError,
        lambda e: ErrorBody(422, "validation_failed", "Some values are not valid.", _field_errors(e)),
    ),
    (ApiError, _from_api_error),
    (
        CatalogEntryInvalid,
        lambda e: ErrorBody(422, "validation_failed", "Some values are not valid.", _entry_errors(e)),
    ),
    (AuthenticationError, lambda e: ErrorBody(401, "not_authenticated", SIGN_IN)),
    (AuthorizationError, lambda e: ErrorBody(403, "forbidden", "You may not do this.")),
    (Throttled, lambda e: ErrorBody(429, "rate_limited", "Too many requests; slow down.")),
    (HttpError, _from_http_error),
    (Http404, lambda e: ErrorBody(404, "not_found", "Nothing is at this address.")),
    *(
        (c, lambda e: ErrorBody(400, "unreadable_request", "The request body cannot be read."))
        for c in UNREADABLE_REQUEST_ERRORS
    ),
    *(
        (c, lambda e: ErrorBody(403, "forbidden", str(e) or "You may not do this."))
        for c in FORBIDDEN_DOMAIN_ERRORS
    ),
    *(
        (c, lambda e: ErrorBody(409, "refused", str(e) or "This cannot be done now."))
        for c in CONFLICT_DOMAIN_ERRORS
    ),
    (Exception, lambda e: ErrorBody(500, "internal_error", "Something went wrong on our side.")),
]


def _respond(
    api: NinjaAPI, translate: Callable[[Any], ErrorBody], request: HttpRequest, error: Exception
) -> HttpResponse:
    body = translate(error)
    if body.status >= 500:
        logger.error("API request failed: %s %s", request.method, request.path, exc_info=error)
    response = error_response(api, request, body.status, body.code, body.message, body.details)
    if isinstance(error, Throttled) and error.wait:
        response["Retry-After"] = str(int(error.wait))
    return response


def register_error_handlers(api: NinjaAPI) -> None:
    for error_class, translate in TRANSLATIONS:
        api.add_exception_handler(error_class, partial(_respond, api, translate))


def not_found_view(request: HttpRequest, unmatched: str = "") -> HttpResponse:
    """An address under the API that no route has: the API's 404, not the site's HTML page."""
    body = {"code": "not_found", "message": "Nothing is at this address.", "details": None}
    return JsonResponse(body, status=404)
