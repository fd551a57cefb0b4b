"""Run by tests/ops/test_make_run.py in a child process with `make run`'s environment (its
settings module, HOST/PORT, the server's SQLite file): issue a certificate as the service does,
then print, as JSON, the link of the e-mail the worker would send and what the certificate's QR
code reads (zbarimg on the rendered PDF)."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import django

django.setup()

from skillcert.certificates.pdf import certificate_pdf  # noqa: E402
from skillcert.core.pdf import pdf_to_png  # noqa: E402
from skillcert.notifications.models import Message  # noqa: E402
from skillcert.notifications.rendering import email_render  # noqa: E402
from tests.certificates.factories import certificate, person  # noqa: E402

issued = certificate(candidate=person(name_zh="陳怡君"))
message = Message.objects.get(template="certificate_issued", recipient=issued.candidate.user.email)
_subject, body = email_render(template=message.template, context=message.context, language=message.language)
with tempfile.TemporaryDirectory() as tmp:
    png = pdf_to_png(certificate_pdf(issued), Path(tmp) / "certificate.png", scale=3)
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sqrcode.enable", str(png)], capture_output=True, text=True
    )
json.dump({"email_body": body, "qr": scanned.stdout.strip(), "number": issued.number}, sys.stdout)
