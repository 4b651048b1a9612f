"""Every write of the assessment app: one function per use case, each one transaction.

- ``submission_create``: a file or text attempt (R-AS1, R-AS2, R-AS3, R-AS6, R-EN3).
- ``online_test_start``, ``online_test_hand_in``, ``online_tests_close_expired``: timed online tests,
  marked automatically.
- ``submission_mark``, ``submission_moderate``, ``submission_release``: R-AS7, with the Credit of a pass.
- ``assessment_configure``: the format, instructions and questions of a course's assessment.
"""

from microcred.assessment.services.configuration import assessment_configure
from microcred.assessment.services.marking import (
    Release,
    submission_mark,
    submission_moderate,
    submission_release,
)
from microcred.assessment.services.online_tests import (
    online_test_hand_in,
    online_test_start,
    online_tests_close_expired,
)
from microcred.assessment.services.submissions import SubmissionContent, submission_create

__all__ = [
    "Release",
    "SubmissionContent",
    "assessment_configure",
    "online_test_hand_in",
    "online_test_start",
    "online_tests_close_expired",
    "submission_create",
    "submission_mark",
    "submission_moderate",
    "submission_release",
]
