"""The `microcred` command: Django management with the platform's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["microcred", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as error:
        # A misconfigured deployment gets one line naming the setting, not a traceback.
        sys.stderr.write(f"microcred: configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
