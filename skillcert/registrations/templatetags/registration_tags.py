from django import template

from skillcert.catalog.models import Plan
from skillcert.core.templatetags import skillcert_tags as shared
from skillcert.registrations.models import SeatChoice

register = template.Library()
register.filter("roc_date", shared.roc_date)
register.filter("roc_datetime", shared.roc_datetime)
register.filter("ntd", shared.thousands)


@register.filter
def plan_label(value):
    return Plan(value).label if value in Plan.values else value


@register.filter
def seat_label(value):
    return SeatChoice(value).label if value in SeatChoice.values else value
