"""API access: a staff session or `Authorization: Bearer <key>`, and the right role.

    @staff_api(StaffRole.FINANCE)
    def bank_file(request): ...

Token requests are CSRF-exempt (no cookie is involved); session requests keep CSRF."""

from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .models import ApiToken, hash_key


def _user_from_token(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(header[7:].strip())).first()
    if token is None:
        return None
    token.mark_used()
    return token.user


def staff_api(*roles):
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            token_user = _user_from_token(request)
            if token_user is not None:
                request.user = token_user
            elif request.method not in ("GET", "HEAD", "OPTIONS"):
                from django.middleware.csrf import CsrfViewMiddleware

                reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
                if reason is not None:
                    return JsonResponse({"error": _("CSRF 驗證失敗。")}, status=403)
            user = request.user
            if not user.is_authenticated:
                return JsonResponse({"error": _("請先登入或提供 API 金鑰。")}, status=401)
            if not user.has_role(*roles):
                return JsonResponse({"error": _("您沒有執行此作業的權限。")}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
