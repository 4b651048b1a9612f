"""The hand-off to the layers above, which payments may not import (import-linter keeps it so).

Two settings name a function by dotted path (resolved with ``import_string``); each is optional:

- ``PAYMENTS_FULFILMENT_HANDLER``: called with the ``Checkout`` once a verified event says it is paid, after
  its status is ``paid`` and its charge entries are posted. The enrolment app provides it.
- ``PAYMENTS_REFUND_HANDLER``: called with the ``Refund`` when a provider event confirms a refund that
  ``refund_request`` did not see succeed at once (a pending one, or one made in the provider's dashboard).

Both are called inside the transaction that records the event. If a handler raises, nothing of the event
is kept (not even the event itself), the webhook answers 500, and the provider delivers it again later.
"""

from django.conf import settings
from django.utils.module_loading import import_string

HANDLER_SETTINGS = ("PAYMENTS_FULFILMENT_HANDLER", "PAYMENTS_REFUND_HANDLER")


def handler_call(setting_name: str, argument: object) -> None:
    dotted_path: str = getattr(settings, setting_name, "") or ""
    if dotted_path:
        import_string(dotted_path)(argument)
