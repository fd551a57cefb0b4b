"""The one way a stored evidence document leaves the server: `document_response`.

The type is judged again from the file's bytes (never from its stored name, so a file kept
under an old `.html` name is still served as what it is). A PDF or an image opens in the
browser with its own type; anything else is a download of `application/octet-stream`. Every
answer says `nosniff`, carries an ASCII file name we choose, and a policy of its own in which
no script of our origin can run (a sandbox too, except for PDFs, whose viewer a sandbox blocks).
Views check the requester's role first; the development server never serves MEDIA_ROOT."""

from django.http import FileResponse, Http404

from skillcert.core.uploads import DOCUMENT_EXTENSIONS, document_type

_HEAD_BYTES = 8192
_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
_PDF_POLICY = f"{_POLICY}; object-src 'self'"
_SANDBOXED_POLICY = f"{_POLICY}; sandbox"


def document_response(field_file, *, name: str) -> FileResponse:
    """Serve a stored document (a FieldFile) as `name` plus the detected type's extension."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:  # no file stored, or gone from the disk
        raise Http404 from error
    head = handle.read(_HEAD_BYTES)
    handle.seek(0)
    mime = document_type(head)
    inline = mime is not None
    filename = f"{name}.{DOCUMENT_EXTENSIONS[mime]}" if inline else f"{name}.bin"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=mime or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = _PDF_POLICY if mime == "application/pdf" else _SANDBOXED_POLICY
    return response
