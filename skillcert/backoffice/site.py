"""The back office is Django's admin behind TOTP two-factor login (django-otp).

Only active staff accounts enter; what each may see and change follows their role groups
(StaffRole) through Django permissions, and every change is audited (AuditedAdmin). The login
page is the accounts' one-step staff login (password, code and captcha; accounts.staff_login)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from skillcert.accounts.staff_login import staff_login

from .tools import tools_for


class BackofficeSite(OTPAdminSite):
    site_header = _("iPAS 能力鑑定 後台")
    site_title = _("skillcert 後台")
    index_title = _("執行單位作業")
    # The one-step login form plus a link for staff who still have to enrol their TOTP device.
    login_template = "accounts/backoffice_login.html"
    # The index lists the tools the user's role may use above the admin's model list.
    index_template = "backoffice/index.html"

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated and getattr(user, "kind", "") == "staff"):
            return False
        if getattr(settings, "BACKOFFICE_REQUIRE_OTP", True):
            return super().has_permission(request)
        return user.is_staff

    def login(self, request, extra_context=None):
        return staff_login(request, site=self, context={**self.each_context(request), **(extra_context or {})})

    def index(self, request, extra_context=None):
        return super().index(request, {"tools": tools_for(request.user), **(extra_context or {})})


backoffice_site = BackofficeSite(name="backoffice")
