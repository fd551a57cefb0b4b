"""Group portal requests: dedicated venue 專屬考場 and refunds/cancellations through the
coordinator (SPEC §7–8). Staff decide in the back office."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from skillcert.accounts.views import posted
from skillcert.core.money import format_ntd
from skillcert.groups import selectors, services
from skillcert.groups.errors import GroupError
from skillcert.registrations.models import RegistrationStatus

from .forms import RefundRequestForm, VenueRequestForm
from .views import coordinator_required

REFUNDABLE = (RegistrationStatus.PAID, RegistrationStatus.AWAITING_PAYMENT)


@coordinator_required
def venue_request(request, coordinator, pk):
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    form = VenueRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_request_create(
                sitting=sitting, kind=form.cleaned_data["kind"], room=form.cleaned_data["room"], actor=request.user
            )
        except GroupError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("專屬考場申請已送出，審核結果會顯示於此並寄信通知。"))
            return redirect("groupportal:sitting", pk=sitting.pk)
    return render(request, "groupportal/venue_request.html", {"sitting": sitting, "form": form})


@coordinator_required
def refund_request(request, coordinator, pk):
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    candidates = list(selectors.sitting_rows(sitting=sitting).filter(status__in=REFUNDABLE).select_related("candidate"))
    choices = [
        (r.pk, f"{r.candidate.name_zh} {r.candidate.national_id} · {format_ntd(r.amount)} · {r.get_status_display()}")
        for r in candidates
    ]
    subjects = sitting.session.level.subjects.order_by("code")
    form = RefundRequestForm(posted(request), request.FILES or None, choices=choices, subjects=subjects)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [r for r in candidates if r.pk in set(data["registrations"])]
        try:
            services.group_refund_request_create(
                sitting=sitting, registrations=chosen, kind=data["kind"], reason=data["reason"],
                subject_ids=data["subjects"], attachments=[data["attachment"]] if data["attachment"] else [],
                actor=request.user,
            )  # fmt: skip
        except GroupError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("退費申請已送出；退款將匯回單位帳戶。"))
            return redirect("groupportal:sitting", pk=sitting.pk)
    if request.method == "POST":
        status = 400
    return render(
        request,
        "groupportal/refund_request.html",
        {"sitting": sitting, "form": form, "organisation": sitting.organisation},
        status=status,
    )
