from django import template

from skillcert.catalog.models import Plan
from skillcert.core.templatetags import skillcert_tags as shared

register = template.Library()
register.filter("roc_date", shared.roc_date)
register.filter("roc_datetime", shared.roc_datetime)
register.filter("ntd", shared.thousands)


@register.filter
def plan_label(value):
    return Plan(value).label if value in Plan.values else value
