"""Rate limits. The rate is read from settings at each request (``API_PUBLIC_RATE``, e.g. ``"120/min"``), so
a deployment, or a test, can change it without re-importing the API."""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

DEFAULT_PUBLIC_RATE = "120/min"


class PublicRateThrottle(AnonRateThrottle):
    """Anonymous callers of the public endpoints, counted per client address."""

    scope = "api_public"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_PUBLIC_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, "API_PUBLIC_RATE", DEFAULT_PUBLIC_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
