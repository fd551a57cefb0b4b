"""The candidate door's access check: signed-in candidates only; the view gets their profile."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.accounts.selectors import candidate_of


def _candidate_of(user):
    candidate = candidate_of(user)
    if candidate is None:
        raise PermissionDenied(_("此頁僅供考生使用。"))
    return candidate


def candidate_required(view=None, *, lazy: bool = False):
    """Signed-in candidates only; the view's second argument is their profile. A user who is
    not a candidate gets 403. With `lazy=True`, on a POST only the kind is checked up front and
    the profile is read when the view first uses it (raising the same 403 if there is none):
    registration night's refusals of a full sitting never need it."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if lazy and request.method == "POST" and request.user.kind == User.Kind.CANDIDATE:
                candidate = SimpleLazyObject(lambda: _candidate_of(request.user))
            else:  # any other user is refused here: candidate_of answers None without a query
                candidate = _candidate_of(request.user)
            return view(request, candidate, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
