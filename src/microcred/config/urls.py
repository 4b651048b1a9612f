from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin's own login form would skip allauth's two-factor step; send everyone through allauth instead.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "microcred administration"
admin.site.site_title = "microcred admin"

urlpatterns = [
    path("", include("microcred.web.ops_urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("microcred.api.urls")),
    path("", include("microcred.web.urls")),
]
