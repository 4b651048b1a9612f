"""Why an assessment write was refused. Each error names the field it is about and carries a message fit to
show next to that field; a page turns it into a form error or a message, never a 500."""


class AssessmentError(Exception):
    """Base of every assessment refusal: ``field`` names what is wrong, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotEligible(AssessmentError):
    """R-EN3: the enrolment may not sit the final assessment (learning-only, paused, ended)."""


class AttemptRefused(AssessmentError):
    """R-AS2/R-AS3: no window is open, the attempts are used up, or a resit needs a later window."""


class UploadRefused(AssessmentError):
    """The uploaded file is too large, of a type not accepted, or not what its name says it is."""


class StaleSubmission(AssessmentError):
    """Someone else saved the submission after this person opened it; they must reload and look again."""


class NotPermitted(AssessmentError):
    """The person may not do this to this submission (wrong role, wrong provider, marked it themselves)."""


class NotReady(AssessmentError):
    """The submission is not in a state that allows this step (release before moderation, marking after
    release, answers after the time limit)."""
