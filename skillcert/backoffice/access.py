"""The one access check for back-office tool views: signed-in staff holding one of the roles
(`User.has_role`, which also demands a passed TOTP login when the back office requires it)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def role_required(*roles):
    def decorate(view):
        @login_required(login_url="backoffice:login")
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied(_("您沒有此作業的權限。"))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
