"""Back office for the catalog: staff edit every brochure record here (SPEC §2).

Registered on the OTP-protected `backoffice_site` only; what a role may change follows its
Django permissions (accounts.roles). Inline rows are audited like the parent object."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import AuditedAdmin
from skillcert.backoffice.site import backoffice_site
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.uploads import DocumentField
from skillcert.examday.sittings import session_cancel, session_cancel_refusal, session_date_change_refusal

from .models import (
    Brochure,
    CertificationPath,
    ExamSession,
    Fee,
    Item,
    Level,
    News,
    Region,
    ReissueWindow,
    SampleQuestionFile,
    SeatPool,
    SessionSubject,
    Subject,
    SyllabusTopic,
    Venue,
)


class CatalogAdmin(AuditedAdmin):
    """AuditedAdmin that also audits rows added, changed or deleted through inlines."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            log_action(obj, "backoffice.add", actor=request.user)
        for obj, fields in formset.changed_objects:
            log_action(obj, "backoffice.change", actor=request.user, data={"fields": list(fields)})
        for obj in formset.deleted_objects:
            log_action(obj, "backoffice.delete", actor=request.user, data={"repr": str(obj)})


class BrochureInline(admin.TabularInline):
    model = Brochure
    fields = ("roc_year", "version", "published_on")
    extra = 0
    show_change_link = True


class LevelInline(admin.TabularInline):
    model = Level
    fields = ("rank", "code", "written_quota", "certificate_valid_years", "pass_mark")
    extra = 0
    show_change_link = True


class ReissueWindowInline(admin.TabularInline):
    model = ReissueWindow
    extra = 0


class SubjectInline(admin.TabularInline):
    model = Subject
    fields = ("number", "code", "name", "kind", "format", "question_type", "duration_minutes")
    extra = 0
    show_change_link = True


class CertificationPathInline(admin.TabularInline):
    model = CertificationPath
    extra = 0
    show_change_link = True

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        level_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "subjects" and level_id:
            kwargs["queryset"] = Subject.objects.filter(level_id=level_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FeeInline(admin.TabularInline):
    model = Fee
    fields = ("plan", "kind", "amount", "percent_of_list", "needs_documents", "note")
    extra = 0


class ExamSessionInline(admin.TabularInline):
    model = ExamSession
    fields = ("nth", "exam_date", "registration_opens", "registration_closes", "is_cancelled")
    extra = 0
    show_change_link = True


class SyllabusTopicInline(admin.TabularInline):
    model = SyllabusTopic
    fields = ("position", "code", "title", "parent")
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        subject_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "parent" and subject_id:
            kwargs["queryset"] = SyllabusTopic.objects.filter(subject_id=subject_id, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SessionSubjectInline(admin.TabularInline):
    model = SessionSubject
    fields = ("subject", "starts_at", "ends_at", "note", "regions")
    extra = 0


class SeatPoolInline(admin.TabularInline):
    model = SeatPool
    fields = ("kind", "venue", "capacity", "held", "note")
    readonly_fields = ("held",)  # counted by registrations, never typed in
    extra = 0


@admin.register(Item, site=backoffice_site)
class ItemAdmin(CatalogAdmin):
    list_display = ("code", "name_zh", "name_en", "phone", "is_published")
    search_fields = ("code", "name_zh", "name_en")
    inlines = [BrochureInline]


@admin.register(Brochure, site=backoffice_site)
class BrochureAdmin(CatalogAdmin):
    list_display = ("__str__", "version", "published_on", "group_threshold", "minimum_turnout", "reissue_fee")
    list_filter = ("item",)
    inlines = [LevelInline, ReissueWindowInline]


@admin.register(Level, site=backoffice_site)
class LevelAdmin(CatalogAdmin):
    list_display = ("__str__", "code", "written_quota", "certificate_valid_years")
    list_filter = ("brochure__item", "rank")
    inlines = [SubjectInline, CertificationPathInline, FeeInline, ExamSessionInline]


@admin.register(Subject, site=backoffice_site)
class SubjectAdmin(CatalogAdmin):
    list_display = ("code", "name", "level", "kind", "format", "duration_minutes")
    list_filter = ("level__brochure__item", "kind")
    search_fields = ("code", "name")
    inlines = [SyllabusTopicInline]


@admin.register(SyllabusTopic, site=backoffice_site)
class SyllabusTopicAdmin(CatalogAdmin):
    list_display = ("code", "title", "subject")
    list_filter = ("subject__level__brochure__item",)
    search_fields = ("code", "title")


@admin.register(CertificationPath, site=backoffice_site)
class CertificationPathAdmin(CatalogAdmin):
    list_display = ("__str__", "level")
    filter_horizontal = ("subjects",)


@admin.register(Region, site=backoffice_site)
class RegionAdmin(CatalogAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)


@admin.register(Venue, site=backoffice_site)
class VenueAdmin(CatalogAdmin):
    list_display = ("name", "region", "address", "has_lift", "contact_phone")
    list_filter = ("region",)
    search_fields = ("name", "address")


class ExamSessionForm(forms.ModelForm):
    """停辦 is not a plain field: ticking it cancels the sitting through its service
    (`examday.sittings.session_cancel`), which needs the reason and refuses what it must;
    a cancelled sitting cannot be reopened here. Nor is the exam date once candidates have
    paid (`session_date_change_refusal`): that is the postponement's (`backoffice/sittings.py`)."""

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None and "exam_date" in self.changed_data:
            refusal = session_date_change_refusal(self.instance, new_date=data.get("exam_date"))
            if refusal is not None:
                self.add_error("exam_date", refusal)
        if "is_cancelled" not in self.changed_data or self.instance.pk is None:
            return data
        if not data.get("is_cancelled"):
            self.add_error("is_cancelled", _("已停辦的梯次不能在此恢復。"))
        elif not (data.get("status_note") or "").strip():
            self.add_error("status_note", _("請填寫停辦原因，考生與公告都會看到這段說明。"))
        else:
            refusal = session_cancel_refusal(ExamSession.objects.get(pk=self.instance.pk))
            if refusal is not None:
                self.add_error("is_cancelled", refusal)
        return data


@admin.register(ExamSession, site=backoffice_site)
class ExamSessionAdmin(CatalogAdmin):
    form = ExamSessionForm
    list_display = ("__str__", "exam_date_roc", "registration_closes_roc", "is_cancelled", "tools")
    list_filter = ("level__brochure__item", "is_cancelled")
    filter_horizontal = ("regions",)
    inlines = [SessionSubjectInline, SeatPoolInline]
    fieldsets = (
        (None, {"fields": ("level", "nth", "exam_date", "exam_date_note", "is_cancelled", "status_note")}),
        (
            _("報名期間"),
            {
                "fields": (
                    "group_registration_opens",
                    "group_registration_closes",
                    "registration_opens",
                    "registration_closes",
                )
            },
        ),
        (
            _("日程"),
            {
                "fields": (
                    "notice_days_before",
                    "sample_questions_note",
                    "sample_questions_working_days",
                    "dispute_on_exam_day",
                    "dispute_opens",
                    "dispute_closes",
                    "scores_published_on",
                    "scores_note",
                    "review_opens",
                    "review_closes",
                    "review_days_from_publication",
                    "review_reply_working_days",
                    "certificates_mailed_from",
                )
            },
        ),
        (_("考區"), {"fields": ("regions", "regions_note")}),
    )

    def save_model(self, request, obj, form, change):
        cancelling = change and "is_cancelled" in form.changed_data and obj.is_cancelled
        if cancelling:
            obj.is_cancelled = False  # the service below cancels, with everything it implies
        super().save_model(request, obj, form, change)
        if cancelling:
            session_cancel(session=obj, actor=request.user, reason=obj.status_note)
            obj.refresh_from_db()
            messages.warning(
                request,
                _("本梯次已停辦：報名均已取消，已繳費者的全額退費已建立，考生與團報窗口已收到通知，並已發布公告。"),
            )

    @admin.display(description=_("作業"))
    def tools(self, obj):
        if obj.is_cancelled:
            return ""
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("backoffice_tools:session_postpone", args=[obj.pk]), _("考試延期"),
            reverse("backoffice_tools:session_cancel", args=[obj.pk]), _("梯次停辦"),
        )  # fmt: skip

    @admin.display(description=_("考試日期"), ordering="exam_date")
    def exam_date_roc(self, obj):
        return clock.roc_date(obj.exam_date)

    @admin.display(description=_("個人報名截止"), ordering="registration_closes")
    def registration_closes_roc(self, obj):
        return clock.roc_datetime(obj.registration_closes)


@admin.register(SessionSubject, site=backoffice_site)
class SessionSubjectAdmin(CatalogAdmin):
    list_display = ("session", "subject", "starts_at", "ends_at")
    filter_horizontal = ("regions",)


@admin.register(SeatPool, site=backoffice_site)
class SeatPoolAdmin(CatalogAdmin):
    list_display = ("session", "kind", "venue", "capacity", "held")
    readonly_fields = ("held",)
    list_filter = ("kind",)


@admin.register(Fee, site=backoffice_site)
class FeeAdmin(CatalogAdmin):
    list_display = ("level", "plan", "kind", "amount", "percent_of_list", "needs_documents")
    list_filter = ("level__brochure__item", "plan", "kind")


@admin.register(ReissueWindow, site=backoffice_site)
class ReissueWindowAdmin(CatalogAdmin):
    list_display = ("brochure", "position", "opens_on", "closes_on")


@admin.register(News, site=backoffice_site)
class NewsAdmin(CatalogAdmin):
    list_display = ("title", "item", "published_at", "is_pinned", "is_published")
    list_filter = ("item", "is_published", "is_pinned")
    search_fields = ("title", "body")


@admin.register(SampleQuestionFile, site=backoffice_site)
class SampleQuestionFileAdmin(CatalogAdmin):
    """年度考試樣題: staff upload PDF/JPEG/PNG (checked by content); the item page shows the file
    from the sitting's 樣題公告 date."""

    list_display = ("session", "title", "uploaded_at")
    list_filter = ("session__level__brochure__item",)
    formfield_overrides = {**CatalogAdmin.formfield_overrides, models.FileField: {"form_class": DocumentField}}
