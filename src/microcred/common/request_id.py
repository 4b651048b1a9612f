"""A request id on every log line of a request, taken from ``X-Request-ID`` or made up, and echoed back."""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Outside a request (commands, workers) log lines carry "-".
NO_REQUEST = "-"
# A proxy's id is kept only when it is short and plain, so a client cannot write arbitrary text into logs.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,100}")

_request_id: ContextVar[str] = ContextVar("microcred_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _request_id.get()


# Where the middleware leaves the id on the request, for lines logged after it has returned.
_REQUEST_ATTRIBUTE = "microcred_request_id"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _request_id.get()
        if request_id == NO_REQUEST:
            # Django logs a 4xx/5xx response ("Not Found: /x") once the middleware has returned, naming the
            # request in the record: the line still carries that request's id.
            request_id = getattr(getattr(record, "request", None), _REQUEST_ATTRIBUTE, NO_REQUEST)
        record.request_id = request_id
        return True


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        request_id = offered if _ACCEPTED.fullmatch(offered) else uuid.uuid4().hex
        setattr(request, _REQUEST_ATTRIBUTE, request_id)
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response
