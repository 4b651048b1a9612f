"""The learning pages, included at the site root: a learner's course under their enrolment's public id, and
the staff's help queue."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import learning

app_name = "learning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("learn/<uuid:enrolment_id>/", learning.course_page, name="course"),
    path("learn/<uuid:enrolment_id>/steps/<int:step_id>/", learning.step_page, name="step"),
    path("learn/<uuid:enrolment_id>/steps/<int:step_id>/done/", learning.step_done, name="step_done"),
    path("learn/<uuid:enrolment_id>/steps/<int:step_id>/file/", learning.step_file, name="step_file"),
    path("learn/<uuid:enrolment_id>/quizzes/<int:quiz_id>/", learning.quiz_page, name="quiz"),
    path("learn/<uuid:enrolment_id>/weeks/<int:number>/help/", learning.help_week, name="help"),
    path("staff/help/", learning.staff_help_queue, name="staff_help_queue"),
    path("staff/help/<int:question_id>/", learning.staff_help_question, name="staff_help_question"),
    path("staff/steps/<int:step_id>/file/", learning.staff_step_file, name="staff_step_file"),
]
