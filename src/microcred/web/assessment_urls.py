"""The assessment pages, included at the site root by web/urls.py: ``path("", include(...))``."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import assessment, marking

app_name = "assessment"

urlpatterns: list[URLPattern | URLResolver] = [
    path("my/enrolments/<uuid:public_id>/assessment/", assessment.assessment_page, name="page"),
    path("my/enrolments/<uuid:public_id>/assessment/submit/", assessment.submission_submit, name="submit"),
    path(
        "my/enrolments/<uuid:public_id>/assessment/test/start/",
        assessment.online_test_begin,
        name="test_start",
    ),
    path("my/enrolments/<uuid:public_id>/assessment/test/", assessment.online_test_sitting, name="test"),
    path("assessment/submissions/<uuid:public_id>/file/", assessment.submission_file, name="file"),
    path("staff/marking/", marking.marking_queue, name="marking_queue"),
    path("staff/marking/<uuid:public_id>/", marking.submission_detail, name="submission"),
    path("staff/marking/<uuid:public_id>/mark/", marking.submission_mark, name="mark"),
    path("staff/moderation/", marking.moderation_queue, name="moderation_queue"),
    path("staff/moderation/<uuid:public_id>/", marking.submission_moderate, name="moderate"),
    path("staff/release/", marking.release_queue, name="release_queue"),
    path("staff/release/<uuid:public_id>/", marking.submission_release, name="release"),
]
