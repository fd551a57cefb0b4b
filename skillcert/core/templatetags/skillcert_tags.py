"""Template filters every page shares: 民國 dates (through core.clock) and NT$ amounts."""

from django import template

from skillcert.core import clock

register = template.Library()


@register.filter
def roc_date(value):
    """115/05/23(六)"""
    return clock.roc_date(value)


@register.filter
def roc_datetime(value):
    """115/04/10(五) 12:00"""
    return clock.roc_datetime(value)


@register.filter
def thousands(value):
    """1200 → 1,200"""
    return f"{int(value or 0):,}"
