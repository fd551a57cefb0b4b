"""Root URLs: one include per door (audience) and per public area."""

from django.urls import include, path

from skillcert.accounts.captcha import captcha_audio
from skillcert.backoffice.site import backoffice_site

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The spoken captcha, rate-limited (accounts.captcha); the library's other captcha URLs as they are.
    path("captcha/audio/<str:key>.wav", captcha_audio, name="captcha-audio"),
    path("captcha/", include("captcha.urls")),
    path("accounts/", include("skillcert.accounts.urls")),
    path("portal/", include("skillcert.portal.urls")),
    path("group/", include("skillcert.groupportal.urls")),
    path("backoffice/tools/", include("skillcert.backoffice.urls")),
    path("backoffice/", backoffice_site.urls),
    path("api/", include("skillcert.api.urls")),
    path("certificates/", include("skillcert.certificates.urls")),
    path("payments/", include("skillcert.payments.urls")),
    path("", include("skillcert.catalog.urls")),
]

# No route serves MEDIA_ROOT, not even under DEBUG: uploads are evidence documents, opened only
# through the access-checked views (core.documents.document_response).
