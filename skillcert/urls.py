"""Root URLs: one include per door (audience) and per public area."""

from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from skillcert.api import v1_cbt, v1_examday, v1_more  # noqa: F401 (they register their operations on the v1 API)
from skillcert.api.problems import problem_urls
from skillcert.api.v1 import api as api_v1
from skillcert.backoffice.site import backoffice_site

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The captcha's picture and its rate-limited spoken version only (accounts.captcha).
    path("captcha/", include("skillcert.accounts.captcha")),
    path("accounts/", include("skillcert.accounts.urls")),
    path("portal/", include("skillcert.portal.urls")),
    path("group/", include("skillcert.groupportal.urls")),
    path("backoffice/tools/", include("skillcert.backoffice.urls")),
    path("backoffice/", backoffice_site.urls),
    # The v1 docs page and the first endpoints before v1, whose last pattern answers every other
    # path under /api/v1/ with a 404 problem (api.problems.problem_urls).
    path("api/", include("skillcert.api.urls")),
    # API v1 at the root of the URL tree: django-ninja reverses its own namespace ("api_v1").
    path("api/v1/", problem_urls(api_v1.urls)),
    path("examroom/", include("skillcert.examroom.urls")),
    path("certificates/", include("skillcert.certificates.urls")),
    path("payments/", include("skillcert.payments.urls")),
    path("", include("skillcert.catalog.urls")),
    # Browsers ask /favicon.ico when a page (a PDF, a JSON answer) links none.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
]

# No route serves MEDIA_ROOT, not even under DEBUG: uploads are evidence documents, opened only
# through the access-checked views (core.documents.document_response).
