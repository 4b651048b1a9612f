"""Effects a lower layer asks of a higher one, named in settings by dotted path.

A released pass must issue a badge and a refund must revoke it, but assessment and enrolment sit below
credentials and may not import it. Settings name the functions instead (as payments does for fulfilment), so
every interface (pages, API, CLI) gets the effect from the one service that makes the change.
"""

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def hooks_call(setting_name: str, *args: Any, **kwargs: Any) -> None:
    """Call each function listed in ``settings.<setting_name>``, inside the caller's transaction."""
    for dotted_path in getattr(settings, setting_name, ()):
        import_string(dotted_path)(*args, **kwargs)
