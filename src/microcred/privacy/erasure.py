"""The steps of erasing a learner's personal data (UK GDPR art. 17), each run inside the erasure's
transaction by :func:`microcred.privacy.services.personal_data_erase`.

What goes: name and e-mail address (the account becomes a tombstone that cannot log in), the other addresses
and authenticators, the cart, uploaded files and typed answers, help questions and review texts they wrote,
what payment providers told us about them, and the platform's stored copies of their signed credentials
(which carry their name and cannot be changed without breaking the signature).

What stays, pointing at the tombstone: ledger entries (so every balance still sums), orders, enrolments,
marks and credit (the provider's academic record), claims, and every audit row. A credential stays
verifiable: the learner's own signed copy (in their export) still verifies against the issuer's keys and
status list, both kept, and a registry officer can still revoke it by its id.
"""

from dataclasses import dataclass
from functools import partial

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from microcred.accounts.models import User
from microcred.assessment.models import Submission
from microcred.catalog.models import Review
from microcred.credentials.models import Credential
from microcred.credentials.selectors import ERASED_DOCUMENT
from microcred.enrolment.models import CartItem
from microcred.learning.models import HelpQuestion
from microcred.payments.models import ProviderEvent

ERASED_DOMAIN = "erased.invalid"
ERASED_QUESTION_TITLE = "Question withdrawn"


def tombstone_email(person: User) -> str:
    """Unique, never deliverable (RFC 2606 reserves .invalid), and saying nothing of the person."""
    return f"erased-{person.pk}@{ERASED_DOMAIN}"


@dataclass(frozen=True)
class Erased:
    """How many of each were removed: the erasure's audit row keeps these counts, never the data."""

    files: int
    submissions: int
    help_questions: int
    reviews: int
    credential_copies: int
    provider_events: int
    email_addresses: int
    authenticators: int
    cart_items: int

    def as_summary(self) -> dict[str, int]:
        return dict(self.__dict__)


def _submissions(person: User) -> tuple[int, int]:
    """Typed text, answers and uploads go; the files leave storage only once the erasure has committed, so a
    rolled-back erasure loses nothing."""
    submissions = Submission.objects.filter(enrolment__learner=person)
    names = [name for name in submissions.exclude(file="").values_list("file", flat=True)]
    changed = submissions.filter(~Q(file="") | ~Q(file_name="") | ~Q(text="") | ~Q(answers={})).update(
        file="", file_name="", text="", answers={}
    )
    for name in names:
        transaction.on_commit(partial(default_storage.delete, name))
    return len(names), changed


def _free_text(person: User) -> tuple[int, int]:
    questions = HelpQuestion.objects.filter(learner=person).exclude(title=ERASED_QUESTION_TITLE, body="")
    reviews = Review.objects.filter(learner=person).exclude(text="")
    return questions.update(title=ERASED_QUESTION_TITLE, body=""), reviews.update(text="")


def _payment_messages(person: User) -> int:
    """A provider's event can carry the payer's name and address (Stripe's customer details); the ledger
    entries made from it stay, so only what the event said is dropped."""
    events = ProviderEvent.objects.filter(checkout__learner=person)
    kept = {"erased": True}
    return events.exclude(payload=kept).update(payload=kept)


def _account(person: User) -> tuple[int, int, int]:
    addresses, _ = EmailAddress.objects.filter(user=person).delete()
    authenticators, _ = Authenticator.objects.filter(user=person).delete()
    cart_items, _ = CartItem.objects.filter(learner=person).delete()
    old_email = person.email
    person.email = tombstone_email(person)
    person.first_name = ""
    person.last_name = ""
    person.is_active = False
    person.last_login = None
    # An unusable password also changes the session hash: every session the person had is signed out.
    person.set_unusable_password()
    person.save(update_fields=["email", "first_name", "last_name", "is_active", "last_login", "password"])
    # The admin's history names the account as it was when a platform admin changed it.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).update(object_repr=person.email)
    LogEntry.objects.filter(change_message__icontains=old_email).update(change_message="[]")
    return addresses, authenticators, cart_items


def erase(person: User) -> Erased:
    files, submissions = _submissions(person)
    help_questions, reviews = _free_text(person)
    credential_copies = (
        Credential.objects.filter(learner=person)
        .exclude(document_json=ERASED_DOCUMENT)
        .update(document_json=ERASED_DOCUMENT)
    )
    provider_events = _payment_messages(person)
    addresses, authenticators, cart_items = _account(person)
    return Erased(
        files=files,
        submissions=submissions,
        help_questions=help_questions,
        reviews=reviews,
        credential_copies=credential_copies,
        provider_events=provider_events,
        email_addresses=addresses,
        authenticators=authenticators,
        cart_items=cart_items,
    )
