from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "microcred.assessment"
    label = "assessment"
    verbose_name = "Assessment"

    def ready(self) -> None:
        from django.core import checks

        from microcred.assessment.checks import check_upload_settings

        checks.register(check_upload_settings)
