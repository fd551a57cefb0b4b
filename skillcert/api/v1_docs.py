"""The v1 docs page, self-hosted: every operation of the OpenAPI schema in a table, rendered
on the server (no script, no CDN, so it works under the site's Content-Security-Policy)."""

from django.shortcuts import render

from .v1 import api


def docs(request):
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "description": op.get("description", ""), "auth": bool(op.get("security"))}
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]  # fmt: skip
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})
