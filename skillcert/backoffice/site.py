"""The back office is Django's admin behind TOTP two-factor login (django-otp).

Only active staff accounts enter; what each may see and change follows their role groups
(StaffRole) through Django permissions, and every change is audited (AuditedAdmin)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class BackofficeSite(OTPAdminSite):
    site_header = _("iPAS 能力鑑定 後台")
    site_title = _("skillcert 後台")
    index_title = _("執行單位作業")
    # The OTP login form plus a link for staff who still have to enrol their TOTP device.
    login_template = "accounts/backoffice_login.html"

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated and getattr(user, "kind", "") == "staff"):
            return False
        if getattr(settings, "BACKOFFICE_REQUIRE_OTP", True):
            return super().has_permission(request)
        return user.is_staff


backoffice_site = BackofficeSite(name="backoffice")
