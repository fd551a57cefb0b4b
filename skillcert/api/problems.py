"""One error format for API v1: RFC 9457 problem details (`application/problem+json`), in the
caller's language. Every refusal of the v1 API goes through `problem`; `problem_urls` makes the
answers ninja gives outside our handlers problems too (405 for a method the path lacks, 404 for
a path v1 does not have)."""

from functools import wraps

from django.http import JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def problem(status: int, detail: str = "", **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail, **extra}
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="skillcert"'
    return response


def _method_refused_as_problem(view):
    @wraps(view)  # keeps the view's csrf_exempt
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type") == CONTENT_TYPE:
            return response
        refused = problem(405, _("此路徑不接受 %(method)s 請求。") % {"method": request.method})
        refused["Allow"] = response.get("Allow", "")
        return refused

    return wrapped


def path_not_found(request, rest=""):
    return problem(404, _("API v1 沒有此路徑。"))


def problem_urls(urls):
    """An API's (patterns, app_name, namespace) with its 405s as problems and, last, a pattern
    that answers any other path under it with a 404 problem."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        pattern.callback = _method_refused_as_problem(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", path_not_found)], app_name, namespace
