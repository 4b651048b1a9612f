"""Why a learning write was refused. Each names the field it is about and carries a message fit to show next
to that field; a page turns it into a form error or a refusal, never a 500."""


class LearningError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NoAccess(LearningError):
    """The enrolment gives no access to the course today (not started, paused, ended), or the step, quiz or
    week is not of its course."""


class NotMentor(LearningError):
    """R-LE3: only staff of the course's provider answer its help area."""


class InvalidAnswer(LearningError):
    """The quiz answers, question or answer text do not fit (a question left out, an empty question)."""
