from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "microcred.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from microcred.payments import checks  # noqa: F401  (registers the settings check)
