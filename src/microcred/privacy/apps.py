from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "microcred.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"
