from django import template

from skillcert.catalog.models import Plan
from skillcert.core import clock

register = template.Library()


@register.filter
def roc_date(value):
    return clock.roc_date(value)


@register.filter
def roc_datetime(value):
    return clock.roc_datetime(value)


@register.filter
def ntd(value):
    return f"{int(value or 0):,}"


@register.filter
def plan_label(value):
    return Plan(value).label if value in Plan.values else value
