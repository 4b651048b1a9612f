"""The enrolment pages, included at the site root by web/urls.py: ``path("", include(...))``."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import enrolment, enrolment_staff

app_name = "enrolment"

urlpatterns: list[URLPattern | URLResolver] = [
    path("courses/<slug:provider_slug>/<slug:slug>/enrol/", enrolment.cart_add, name="cart_add"),
    path("cart/", enrolment.cart, name="cart"),
    path("cart/items/<int:item_id>/remove/", enrolment.cart_remove, name="cart_remove"),
    path("cart/checkout/", enrolment.checkout, name="checkout"),
    path("orders/<uuid:public_id>/", enrolment.order, name="order"),
    path("orders/<uuid:public_id>/cancelled/", enrolment.order_cancelled, name="order_cancelled"),
    path("my/enrolments/<uuid:public_id>/", enrolment.enrolment, name="enrolment"),
    path("my/enrolments/<uuid:public_id>/top-up/", enrolment.top_up, name="top_up"),
    path("my/enrolments/<uuid:public_id>/refund/", enrolment.refund, name="refund"),
    path("my/enrolments/<uuid:public_id>/re-register/", enrolment.re_register, name="re_register"),
    path("my/upgrade-deduction/", enrolment.deduction, name="deduction"),
    path("staff/enrolment/orders/", enrolment_staff.staff_orders, name="staff_orders"),
    path(
        "staff/enrolment/enrolments/<uuid:public_id>/refund/",
        enrolment_staff.staff_refund,
        name="staff_refund",
    ),
    path("staff/enrolment/admissions/", enrolment_staff.staff_admissions, name="staff_admissions"),
]
