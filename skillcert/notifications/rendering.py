"""E-mails are built here and only here.

An e-mail is `templates/notifications/email/<template>.subject.txt` and `<template>.txt`. They
are plain text, so they are rendered by the "plain_text" template engine (settings.TEMPLATES),
which does not HTML-escape: 陳&林 and O'Neil arrive as written, not as `&amp;` and `&#x27;`.
HTML pages keep the default, escaping engine.

Every message carries a Message-ID chosen when it is queued (`email_message_id`), so a message
sent again after a worker died mid-send (at-least-once delivery, docs/decisions.md) is the same
message to the receiving servers and mail clients, recognisable as a duplicate."""

import hashlib
import json
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.template.loader import render_to_string
from django.utils import translation

TEMPLATE_DIR = "notifications/email"
TEXT_ENGINE = "plain_text"


def _message_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "skillcert.invalid"


def email_message_id(*, seed: str | None = None) -> str:
    """A new Message-ID, or, given a seed, always the same one for that seed."""
    if seed is None:
        return make_msgid(idstring="skillcert", domain=_message_domain())
    return f"<{hashlib.sha256(seed.encode()).hexdigest()[:32]}.skillcert@{_message_domain()}>"


def email_render(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) of a template in a language, both plain text."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"{TEMPLATE_DIR}/{template}.subject.txt", context, using=TEXT_ENGINE)
        body = render_to_string(f"{TEMPLATE_DIR}/{template}.txt", context, using=TEXT_ENGINE)
    # A header is one line: a line break in a name would otherwise make the message unsendable.
    return " ".join(subject.split()), body


def email_build(
    *, template: str, to: list[str], context: dict, language: str, message_id: str = ""
) -> EmailMultiAlternatives:
    """The message ready to send. Without a message_id (a message not queued through
    email_after_commit), the id is derived from the content, so sending it again still
    carries the same one."""
    subject, body = email_render(template=template, context=context, language=language)
    if not message_id:
        seed = json.dumps([template, to, context, language], sort_keys=True, default=str)
        message_id = email_message_id(seed=seed)
    return EmailMultiAlternatives(subject=subject, body=body, to=to, headers={"Message-ID": message_id})
