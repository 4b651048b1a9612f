"""``microcred demo``: load the demo catalogue and people, then print how to log in. Safe to run again."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from microcred.catalog.models import Microcredential
from microcred.demo.catalog_data import CATALOGUES
from microcred.demo.catalog_loader import DemoDataError, load_catalog
from microcred.demo.learner_stages import load_learner_stages
from microcred.demo.learning_data import load_learning
from microcred.demo.people import DEMO_DOMAIN, load_people
from microcred.rules.errors import PolicyError

SILENT_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Load the demo data (three universities' catalogues and people to log in as). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (its passwords are public: never on a real site).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "the demo's log-ins are public; run it with DEBUG=true (or --allow-production)"
            )
        try:
            # The demo learners' order and result e-mails would bury the log-ins printed below.
            with override_settings(EMAIL_BACKEND=SILENT_EMAIL), transaction.atomic():
                summary = load_catalog(today=timezone.localdate())
                slugs = [spec.provider.slug for spec in CATALOGUES]
                learning = load_learning(Microcredential.objects.filter(provider__slug__in=slugs))
                logins = load_people()
                stages = load_learner_stages(domain=DEMO_DOMAIN)
        except (DemoDataError, PolicyError) as error:
            raise CommandError(str(error)) from None
        for line in (*summary.lines(), *learning.lines(), *stages.lines()):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(logins if isinstance(logins, str) else "\n".join(str(line) for line in logins))
