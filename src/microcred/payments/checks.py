"""Start-up checks of the payments settings, so a wrong provider name or handler path stops the platform
with its name rather than surfacing at the first payment."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.utils.module_loading import import_string

from microcred.payments.handoff import HANDLER_SETTINGS
from microcred.payments.providers import PROVIDERS


@register()
def payments_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    provider = getattr(settings, "PAYMENTS_PROVIDER", "sandbox")
    if provider not in PROVIDERS:
        problems.append(
            Error(
                f"PAYMENTS_PROVIDER: {provider!r} is not one of {', '.join(PROVIDERS)}", id="microcred.E101"
            )
        )
    if provider == "stripe":
        problems.extend(
            Error(f"{name}: must be set when PAYMENTS_PROVIDER is 'stripe'", id="microcred.E102")
            for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
            if not getattr(settings, name, "")
        )
    for name in HANDLER_SETTINGS:
        dotted_path = getattr(settings, name, "") or ""
        if not dotted_path:
            continue
        try:
            import_string(dotted_path)
        except ImportError as error:
            problems.append(
                Error(f"{name}: {dotted_path!r} cannot be imported: {error}", id="microcred.E103")
            )
    return problems
