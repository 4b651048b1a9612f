from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "microcred.enrolment"
    label = "enrolment"
    verbose_name = "Enrolment"
