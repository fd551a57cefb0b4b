"""Pluggable SMS: settings.SMS_BACKEND names a class with send(to, body).

DatabaseSmsBackend (development, tests) only records the message.
HttpGatewaySmsBackend (production) POSTs JSON {"to", "message"} with a bearer token to
SMS_GATEWAY_URL and treats any 2xx as delivered; see docs/decisions.md."""

import json
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

from .models import SmsMessage


class SmsError(Exception):
    pass


class DatabaseSmsBackend:
    def send(self, to: str, body: str) -> None:
        SmsMessage.objects.create(to=to, body=body, backend=type(self).__name__, delivered=True)


class HttpGatewaySmsBackend:
    timeout_seconds = 10

    def send(self, to: str, body: str) -> None:
        request = urllib.request.Request(  # noqa: S310 (the gateway URL is configured by operators)
            settings.SMS_GATEWAY_URL,
            data=json.dumps({"to": to, "message": body}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                status = response.status
        except OSError as error:  # connection errors and HTTP errors (urllib raises for 4xx/5xx)
            self._record(to, body, delivered=False, error=str(error))
            raise SmsError(str(error)) from error
        ok = 200 <= status < 300
        self._record(to, body, delivered=ok, error="" if ok else f"gateway answered {status}")
        if not ok:
            raise SmsError(f"gateway answered {status}")

    def _record(self, to: str, body: str, *, delivered: bool, error: str) -> None:
        SmsMessage.objects.create(to=to, body=body, backend=type(self).__name__, delivered=delivered, error=error)


def get_backend():
    return import_string(settings.SMS_BACKEND)()
