"""The exam room's two cookies. `cbt_ws` (signed) names the workstation the proctor enrolled in
this browser; `cbt_attempt` carries the attempt's token from sign-in. Both HttpOnly, SameSite
Strict, limited to the exam room's path."""

from django.conf import settings
from django.core import signing

from skillcert.cbt.models import Workstation

WORKSTATION_COOKIE, ATTEMPT_COOKIE = "cbt_ws", "cbt_attempt"
SALT = "skillcert.examroom.workstation"
PATH = "/examroom/"
WORKSTATION_AGE = 2 * 24 * 3600


def _cookie(response, name, value, **extra):
    response.set_cookie(
        name, value, path=PATH, httponly=True, samesite="Strict", secure=settings.SESSION_COOKIE_SECURE, **extra
    )


def workstation_remember(response, workstation: Workstation) -> None:
    value = signing.get_cookie_signer(salt=SALT).sign(str(workstation.pk))
    _cookie(response, WORKSTATION_COOKIE, value, max_age=WORKSTATION_AGE)


def workstation_id(request) -> int | None:
    """The enrolled workstation's id from the signed cookie (None: not enrolled, or forged)."""
    raw = request.COOKIES.get(WORKSTATION_COOKIE)
    if not raw:
        return None
    try:
        return int(signing.get_cookie_signer(salt=SALT).unsign(raw, max_age=WORKSTATION_AGE))
    except (signing.BadSignature, ValueError):
        return None


def workstation_of(request) -> Workstation | None:
    pk = workstation_id(request)
    if pk is None:
        return None
    return (
        Workstation.objects.select_related("opening__room", "opening__period__subject")
        .filter(pk=pk, revoked=False)
        .first()
    )


def attempt_remember(response, token: str) -> None:
    _cookie(response, ATTEMPT_COOKIE, token)


def attempt_token(request) -> str:
    return request.COOKIES.get(ATTEMPT_COOKIE, "")
