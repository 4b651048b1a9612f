"""Why an enrolment write was refused. Each names the field it is about and carries a message fit to show the
learner or officer next to that field; a page turns it into a form error, never a 500."""


class EnrolmentError(Exception):
    """Base of every enrolment refusal: ``field`` names what is wrong, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotBookable(EnrolmentError):
    """R-CA2: the course cannot be booked now (before its release date, no open cohort, unpublished)."""


class CohortFull(EnrolmentError):
    """The cohort chosen has no place left."""


class AlreadyEnrolled(EnrolmentError):
    """The learner already holds the course, or has it in an order waiting for payment."""


class DeclarationsMissing(EnrolmentError):
    """R-EN1: a declaration of the provider's policy was not ticked."""


class PaymentUnavailable(EnrolmentError):
    """The payment provider could not open a checkout; nothing was ordered."""


class NotAllowed(EnrolmentError):
    """A rule refuses the change (a top-up after the registration expired, a refund after its window …)."""
