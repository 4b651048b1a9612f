from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "microcred.payments"
    label = "payments"
    verbose_name = "Payments"
