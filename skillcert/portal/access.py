"""The candidate door's access check: signed-in candidates only; the view gets their profile."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def candidate_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        candidate = getattr(request.user, "candidate", None) if request.user.kind == "candidate" else None
        if candidate is None:
            raise PermissionDenied(_("此頁僅供考生使用。"))
        return view(request, candidate, *args, **kwargs)

    return wrapper
