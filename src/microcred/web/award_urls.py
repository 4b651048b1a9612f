"""Award pages, included at the site root."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import awards

app_name = "awards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("my/credit/", awards.my_credit, name="credit"),
    path("my/awards/", awards.my_awards, name="mine"),
    path("staff/awards/", awards.staff_awards, name="staff"),
    path("staff/awards/<int:claim_id>/confer/", awards.staff_award_confer, name="confer"),
    path("staff/awards/<int:claim_id>/refuse/", awards.staff_award_refuse, name="refuse"),
    path("staff/awards/recognition/", awards.staff_recognition, name="staff_recognition"),
    path(
        "staff/awards/exemptions/<int:exemption_id>/grant/",
        awards.staff_exemption_grant,
        name="exemption_grant",
    ),
    path(
        "staff/awards/transfers/<int:transfer_id>/decide/",
        awards.staff_transfer_decide,
        name="transfer_decide",
    ),
    path("staff/awards/links/", awards.staff_links, name="staff_links"),
    path("staff/awards/links/<int:link_id>/approve/", awards.staff_link_approve, name="link_approve"),
    path("staff/awards/links/<int:link_id>/refuse/", awards.staff_link_refuse, name="link_refuse"),
]
