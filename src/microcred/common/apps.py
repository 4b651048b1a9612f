from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "microcred.common"
    label = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        from django.core import checks

        from microcred.common.checks import check_policies

        # R-PO2: a wrong policy file stops start-up (runserver, migrate, check) with the file, key and reason.
        checks.register(check_policies)
