"""Who may do what to a submission (R-AS7). Staff act only on their own provider's submissions: markers and
moderators mark, a moderator other than the marker moderates, moderators and registry officers release. The
file of a submission is for its learner and the provider's markers and moderators only."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from microcred.accounts.models import User
from microcred.accounts.selectors import is_staff_of
from microcred.assessment.models import Submission
from microcred.common.roles import Role

MARKING_ROLES = (Role.MARKER, Role.MODERATOR)
RELEASING_ROLES = (Role.MODERATOR, Role.REGISTRY_OFFICER)

Person = User | AnonymousUser | AbstractBaseUser


def has_role(user: Person, roles: tuple[Role, ...]) -> bool:
    return isinstance(user, User) and user.is_active and user.role in roles and user.provider_id is not None


def can_mark(user: Person, submission: Submission) -> bool:
    return has_role(user, MARKING_ROLES) and is_staff_of(user, submission.provider_id)


def can_moderate(user: Person, submission: Submission) -> bool:
    """R-AS7: a second person confirms the mark, so the marker of record may not moderate it."""
    return (
        has_role(user, (Role.MODERATOR,))
        and is_staff_of(user, submission.provider_id)
        and submission.marked_by_id != user.pk
    )


def can_release(user: Person, submission: Submission) -> bool:
    return has_role(user, RELEASING_ROLES) and is_staff_of(user, submission.provider_id)


def can_download(user: Person, submission: Submission) -> bool:
    if not user.is_authenticated:
        return False
    return submission.enrolment.learner_id == user.pk or can_mark(user, submission)
