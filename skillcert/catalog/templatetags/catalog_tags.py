"""Template helpers for the public pages: 民國 dates and zh-Hant labels with English alongside."""

from django import template
from django.utils.html import format_html

from skillcert.core import clock
from skillcert.core.i18n import is_english
from skillcert.core.templatetags import skillcert_tags as shared

from .. import pages

register = template.Library()
register.filter("roc_date", shared.roc_date)
register.filter("roc_datetime", shared.roc_datetime)


@register.filter
def roc_deadline(value):
    """An exact closing time ('115/04/10(五) 12:00'), or the date alone for a whole-day deadline."""
    return pages.deadline_text(value)


@register.filter
def hhmm(value):
    return clock.local(value).strftime("%H:%M") if value else ""


@register.filter
def lines(value):
    """Split a multi-line text field into its non-empty lines."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@register.filter
def cell(cells, kind):
    return cells.get(kind)


@register.simple_tag
def bi(zh, en):
    """zh-Hant label with the English alongside; on an English page, the English alone."""
    if is_english():
        return en
    return format_html('{} <span lang="en" class="en">{}</span>', zh, en)


@register.filter
def thousands(value):
    """1500 → '1,500' (as the brochures print amounts and quotas)."""
    return f"{value:,}" if isinstance(value, int) else value
