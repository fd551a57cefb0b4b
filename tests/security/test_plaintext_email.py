"""Issue 14, defect 10: plain-text e-mails were HTML-escaped, so a candidate named O'Neil or a
school called 陳&林 read `O&#x27;Neil` and `陳&amp;林`. Every text template (found by listing the
templates directory, so a new one is covered by itself) is sent with hostile names in every
variable it uses; the body must carry them verbatim. HTML stays escaped."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

from skillcert.notifications.services import email_after_commit

pytestmark = pytest.mark.django_db

HOSTILE = 'O\'Neil "Q" & <b>陳&林</b> >'
ENTITIES = ("&amp;", "&#x27;", "&#39;", "&quot;", "&lt;", "&gt;")
EMAIL_DIR = Path(settings.BASE_DIR) / "templates" / "notifications" / "email"
TEMPLATES = sorted(path.name.removesuffix(".txt") for path in EMAIL_DIR.glob("*.txt") if ".subject." not in path.name)


def _hostile_context(template: str) -> dict:
    """Every variable the template names gets the hostile value; a loop gets one such row."""
    source = "".join(path.read_text() for path in EMAIL_DIR.glob(f"{template}.*"))
    loops = dict(re.findall(r"{%\s*for\s+(\w+)\s+in\s+(\w+)\s*%}", source))
    context = {name: HOSTILE for name in re.findall(r"{{\s*(\w+)", source) + re.findall(r"{%\s*if\s+(\w+)", source)}
    for row, iterable in loops.items():
        fields = set(re.findall(rf"\b{row}\.(\w+)", source))
        context[iterable] = [dict.fromkeys(fields, HOSTILE)]
        context.pop(row, None)
    context.pop("site_url", None)
    return context


def test_the_templates_directory_is_found():
    assert len(TEMPLATES) >= 23 and "temporary_password" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_text_email_carries_names_verbatim(template, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit(template=template, to="oneil@example.com", context=_hostile_context(template))
    [message] = mailoutbox
    assert HOSTILE in message.body
    for entity in ENTITIES:
        assert entity not in message.body, entity
        assert entity not in message.subject, entity
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":  # an HTML part, should one be added, stays escaped
            assert "<b>陳&林</b>" not in content


def test_html_pages_are_still_escaped():
    html = engines["django"].from_string("<p>{{ name }}</p>").render({"name": HOSTILE})
    assert "<b>" not in html and "&lt;b&gt;陳&amp;林" in html
