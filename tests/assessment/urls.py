"""The site's URLs, with the assessment pages added while web/urls.py does not include them yet; once it
does, this adds nothing and the tests run against the site's own URLs."""

from django.urls import NoReverseMatch, URLPattern, URLResolver, include, path, reverse

from microcred.config.urls import urlpatterns as site_urlpatterns


def _is_included(name: str) -> bool:
    try:
        reverse(name, urlconf="microcred.config.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns: list[URLPattern | URLResolver] = list(site_urlpatterns)
if not _is_included("assessment:marking_queue"):
    urlpatterns.append(path("", include("microcred.web.assessment_urls")))
