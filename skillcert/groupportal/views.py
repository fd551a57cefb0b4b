"""團報服務專區 Group portal: thin views. Every view reaches data through
`groups.selectors.coordinator_for` / `sitting_for_coordinator`, so a coordinator sees only their
own organisation (anything else is a 404); anonymous visitors are sent to the login page."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts import throttle
from skillcert.accounts.views import MODEL_BACKEND, posted, ratelimited
from skillcert.catalog import selectors as catalog_selectors
from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.groups import selectors, services
from skillcert.groups.errors import GroupError
from skillcert.groups.models import Organisation

from .forms import CaptchaForm, CoordinatorSignUpForm, OrganisationForm, OrganisationSignUpForm


def coordinator_required(view):
    """Logged in (else the login page) and a coordinator (else 404); passes the Coordinator."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, selectors.coordinator_for(request.user), *args, **kwargs)

    return wrapper


def signup(request):
    """團報窗口帳號註冊 (brochure 115 §3.2-2 A): account, contact and organisation profile."""
    if request.user.is_authenticated:
        return redirect("groupportal:home")
    account = CoordinatorSignUpForm(posted(request), prefix="account")
    organisation = OrganisationSignUpForm(posted(request), prefix="org")
    captcha = CaptchaForm(posted(request))
    if request.method == "POST":
        if throttle.hit(request, throttle.SIGNUP_PER_IP):
            return ratelimited(request)
        valid = [form.is_valid() for form in (account, organisation, captcha)]
        if all(valid):
            data = account.cleaned_data
            try:
                coordinator = services.coordinator_sign_up(
                    username=data["username"], password_hash=make_password(data["password"]), email=data["email"],
                    name=data["name"], phone=data["phone"], organisation=organisation.cleaned_data,
                )  # fmt: skip
            except GroupError as error:
                account.add_error(None, error)
            else:
                login(request, coordinator.user, backend=MODEL_BACKEND)
                messages.success(request, _("註冊完成。執行單位認證帳號後，即可登記考試活動；認證結果會寄到您的信箱。"))
                return redirect("groupportal:home")
    return render(
        request, "groupportal/signup.html", {"account": account, "organisation": organisation, "captcha": captcha}
    )


@coordinator_required
def home(request, coordinator):
    """團報項目: the organisation, its registered sittings, and sittings open for group registration."""
    now = clock.now()
    sittings = coordinator.organisation.sittings.select_related("session__level__brochure__item").order_by(
        "-session__exam_date"
    )
    registered = {s.session_id for s in sittings}
    open_sessions = (
        catalog_selectors.open_sessions(now=now, group=True).exclude(pk__in=registered).order_by("exam_date")
    )
    return render(
        request,
        "groupportal/home.html",
        {"coordinator": coordinator, "organisation": coordinator.organisation, "sittings": sittings,
         "open_sessions": open_sessions},
    )  # fmt: skip


@coordinator_required
def organisation_edit(request, coordinator):
    organisation = Organisation.objects.get(pk=coordinator.organisation_id)
    form = OrganisationForm(posted(request), instance=organisation)
    form.fields["group_code"].disabled = True  # the code is the group's name in every sitting
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "group_code"}
        try:
            services.organisation_update(coordinator=coordinator, actor=request.user, **changes)
        except (GroupError, ValidationError) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("團報基本資料已更新。"))
            return redirect("groupportal:home")
    return render(request, "groupportal/organisation.html", {"form": form})


@require_POST
@coordinator_required
def sitting_register(request, coordinator):
    """登記考試活動 → the group discount code for that sitting."""
    session = ExamSession.objects.filter(pk=request.POST.get("session")).first()
    if session is None:
        messages.error(request, _("請選擇考試活動。"))
        return redirect("groupportal:home")
    try:
        sitting = services.group_sitting_register(coordinator=coordinator, session=session, actor=request.user)
    except GroupError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("groupportal:home")
    messages.success(request, _("已登記考試活動，團報折扣碼：%(code)s") % {"code": sitting.discount_code})
    return redirect("groupportal:sitting", pk=sitting.pk)


@coordinator_required
def sitting_detail(request, coordinator, pk):
    """已登記活動: the group's candidates, their states, the amount to remit and who was certified."""
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    rows = list(selectors.sitting_rows(sitting=sitting))
    query = (request.GET.get("q") or "").strip()
    if query:
        rows = [r for r in rows if query in r.candidate.name_zh or query.upper() in r.candidate.national_id]
    certified = selectors.certified_candidate_ids(sitting=sitting, candidates=[r.candidate for r in rows])
    return render(
        request,
        "groupportal/sitting.html",
        {"sitting": sitting, "rows": rows, "summary": selectors.sitting_summary(sitting=sitting),
         "certified": certified, "account": settings.GROUP_REMITTANCE_ACCOUNT, "query": query,
         "remittances": sitting.remittances.select_related("invoice"),
         "venue_requests": sitting.venue_requests.all(), "refund_requests": sitting.refund_requests.prefetch_related("refunds__registration__candidate"),
         "change_requests": sitting.change_requests.select_related("registration__candidate")},
    )  # fmt: skip
