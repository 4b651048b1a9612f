"""What a learner studies: weeks of steps and their progress (R-LE1), formative quizzes (R-LE2) and the help
area of each week (R-LE3)."""

from microcred.learning.models.content import Step, StepCompletion, StepKind, Week
from microcred.learning.models.help import HelpAnswer, HelpQuestion
from microcred.learning.models.quizzes import Choice, Question, QuestionKind, Quiz, QuizAttempt

__all__ = [
    "Choice",
    "HelpAnswer",
    "HelpQuestion",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "Step",
    "StepCompletion",
    "StepKind",
    "Week",
]
