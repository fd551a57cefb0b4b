"""SMS goes through the pluggable backend: the database one records, the HTTP gateway posts."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from skillcert.notifications import tasks
from skillcert.notifications.models import SmsMessage
from skillcert.notifications.services import sms_after_commit
from skillcert.notifications.sms import HttpGatewaySmsBackend, SmsError

pytestmark = pytest.mark.django_db


def test_development_backend_records_the_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms_after_commit(to="0912345678", body="iPAS 能力鑑定：測試")
    [sms] = SmsMessage.objects.all()
    assert (sms.to, sms.body, sms.delivered, sms.backend) == (
        "0912345678",
        "iPAS 能力鑑定：測試",
        True,
        "DatabaseSmsBackend",
    )


@pytest.fixture
def gateway():
    received = []
    status = {"code": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers["Content-Length"])
            received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
            self.send_response(status["code"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received, status
    server.shutdown()


def test_http_gateway_posts_json_with_the_token(settings, gateway):
    url, received, _ = gateway
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = url, "secret-token"
    HttpGatewaySmsBackend().send("0912345678", "臨時密碼 ABC")
    assert received == [("Bearer secret-token", {"to": "0912345678", "message": "臨時密碼 ABC"})]
    assert SmsMessage.objects.get().delivered


def test_http_gateway_failure_is_recorded_and_retried(settings, gateway):
    url, received, status = gateway
    status["code"] = 503
    settings.SMS_GATEWAY_URL = url
    with pytest.raises(SmsError):
        HttpGatewaySmsBackend().send("0912345678", "x")
    assert SmsMessage.objects.get().delivered is False
    settings.SMS_BACKEND = "skillcert.notifications.sms.HttpGatewaySmsBackend"
    tasks.send_sms.enqueue("0912345678", "y")
    assert len(received) == 1 + tasks.MAX_ATTEMPTS
