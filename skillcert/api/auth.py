"""API access: a staff session or `Authorization: Bearer <key>`, and the right role.

    @staff_api(StaffRole.FINANCE)
    def bank_file(request): ...

Token requests are CSRF-exempt (no cookie is involved); session requests keep CSRF. A missing
or bad key answers 401 with a JSON body and a `WWW-Authenticate: Bearer` challenge, before any
CSRF check (which only concerns a signed-in browser)."""

from functools import wraps

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .models import ApiToken, hash_key


def user_from_token(request):
    """The active user of a valid `Bearer` key (not expired, not revoked), else None (a
    malformed header is a bad key). The key is kept on the request (`api_token`) for its scope."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key.strip())).first()
    if token is None or not token.user.is_active or not token.usable():
        return None
    request.api_token = token
    token.mark_used()
    return token.user


def unauthorized(message: str, *, invalid_token: bool) -> JsonResponse:
    """401 with a JSON body and the challenge (RFC 6750 §3): which credential the API takes."""
    response = JsonResponse({"error": message}, status=401)
    challenge = 'Bearer realm="skillcert"'
    response["WWW-Authenticate"] = challenge + (', error="invalid_token"' if invalid_token else "")
    return response


def may_act(request, roles) -> bool:
    """The user holds one of `roles`, and the key used (if any) is scoped to allow it."""
    token = getattr(request, "api_token", None)
    return request.user.has_role(*roles) and (token is None or token.allows(*roles))


def staff_api(*roles):
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if "Authorization" in request.headers:  # a key was offered: only the key counts
                token_user = user_from_token(request)
                if token_user is None:
                    return unauthorized(_("API 金鑰無效或已停用。"), invalid_token=True)
                request.user = token_user
            elif not request.user.is_authenticated:
                return unauthorized(_("請先登入或提供 API 金鑰。"), invalid_token=False)
            elif request.method not in ("GET", "HEAD", "OPTIONS"):  # a signed-in browser keeps CSRF
                reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
                if reason is not None:
                    return JsonResponse({"error": _("CSRF 驗證失敗。")}, status=403)
            if not may_act(request, roles):
                return JsonResponse({"error": _("您沒有執行此作業的權限。")}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
