"""The filters every report takes (item, brochure year, sitting, region, level) and how each
report's base rows reach them (`Paths`: the lookups from that model to the sitting, the level
and the region)."""

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.models import ExamSession, Item, Level, Region


@dataclass(frozen=True)
class Filters:
    item: int | None = None
    year: int | None = None
    sitting: int | None = None
    region: int | None = None
    level: int | None = None


@dataclass(frozen=True)
class Paths:
    """Lookups from a report's base model: `level` to catalog.Level, `sitting` to
    catalog.ExamSession and `region` to catalog.Region ('' where the model has none)."""

    level: str
    sitting: str = ""
    region: str = ""


def apply(rows: QuerySet, filters: Filters, paths: Paths) -> QuerySet:
    lookups = {}
    if filters.item:
        lookups[f"{paths.level}__brochure__item_id"] = filters.item
    if filters.year:
        lookups[f"{paths.level}__brochure__roc_year"] = filters.year
    if filters.level:
        lookups[f"{paths.level}__rank"] = filters.level
    if filters.sitting and paths.sitting:
        lookups[f"{paths.sitting}_id"] = filters.sitting
    if filters.region and paths.region:
        lookups[f"{paths.region}_id"] = filters.region
    return rows.filter(**lookups)


class FilterForm(forms.Form):
    item = forms.ModelChoiceField(Item.objects.all(), label=_("鑑定項目"), required=False)
    year = forms.IntegerField(label=_("簡章年度（民國）"), required=False, min_value=100, max_value=200)
    sitting = forms.ModelChoiceField(
        ExamSession.objects.select_related("level__brochure__item"), label=_("梯次"), required=False
    )
    region = forms.ModelChoiceField(Region.objects.all(), label=_("考區"), required=False)
    level = forms.TypedChoiceField(
        label=_("級等"), required=False, coerce=int, empty_value=None, choices=[("", "—"), *Level.Rank.choices]
    )

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            item=data["item"].pk if data.get("item") else None,
            year=data.get("year"),
            sitting=data["sitting"].pk if data.get("sitting") else None,
            region=data["region"].pk if data.get("region") else None,
            level=data.get("level"),
        )
