"""Staff sessions are short: they end after `STAFF_SESSION_IDLE_SECONDS` without a request and
when the browser closes (a cookie without an expiry). Candidates and coordinators keep the site's
SESSION_COOKIE_AGE."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from .models import User

LAST_SEEN = "staff_last_seen"
# The stamp is rewritten at most once a minute, not on every request.
_STAMP_EVERY = 60


def _is_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.kind == User.Kind.STAFF


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        if _is_staff(getattr(request, "user", None)):
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS:
                logout(request)
                minutes = settings.STAFF_SESSION_IDLE_SECONDS // 60
                messages.info(request, _("閒置超過 %(minutes)s 分鐘，已自動登出，請重新登入。") % {"minutes": minutes})
        response = self.get_response(request)
        # After the view: a staff member who has just logged in gets the short session at once.
        if _is_staff(getattr(request, "user", None)):
            session = request.session
            if session.get_expire_at_browser_close() is False:
                session.set_expiry(0)
            if now - session.get(LAST_SEEN, 0) >= _STAMP_EVERY:
                session[LAST_SEEN] = now
        return response
