"""查詢帳號/密碼 and 查詢信箱 (login guide, SPEC §3).

Recovery answers the same page whether or not anything matched; a message is sent only to
the e-mail address or mobile already on record, never to what was typed."""

from django.shortcuts import redirect, render

from . import selectors, services, throttle
from .forms import EmailLookupForm, RecoveryForm
from .views import posted, ratelimited


def recover(request):
    form = RecoveryForm(posted(request))
    if request.method == "POST":
        if throttle.hit(request, throttle.RECOVERY_PER_IP):
            return ratelimited(request)
        if form.is_valid():
            data = form.cleaned_data
            if data["channel"] == "sms":
                profile = selectors.candidate_for_sms_recovery(
                    national_id=data["national_id"], name_zh=data["name_zh"], mobile=data["mobile"]
                )
            else:
                profile = selectors.candidate_for_email_recovery(
                    national_id=data["national_id"], name_zh=data["name_zh"], email=data["email"]
                )
            # One person receives at most a few messages an hour, whoever asks; beyond that
            # nothing is sent, and the page says exactly what it always says.
            if profile is not None and throttle.hit_target_only(request, throttle.RECOVERY_PER_TARGET, str(profile.pk)):
                profile = None
            services.recovery_request(profile=profile, channel=data["channel"])
            return redirect("accounts:recover_sent")
    return render(request, "accounts/recover.html", {"form": form})


def recover_sent(request):
    return render(request, "accounts/recover_sent.html")


def email_lookup(request):
    form = EmailLookupForm(posted(request))
    result = None
    if request.method == "POST":
        if throttle.hit(request, throttle.LOOKUP_PER_IP):
            return ratelimited(request)
        if form.is_valid():
            data = form.cleaned_data
            if throttle.hit(request, throttle.LOOKUP_PER_IP_AND_TARGET, data["username"]) or throttle.hit(
                request, throttle.LOOKUP_PER_IP_AND_TARGET, data["national_id"]
            ):
                return ratelimited(request)
            masked = selectors.candidate_email_lookup(
                username=data["username"], national_id=data["national_id"], name_zh=data["name_zh"]
            )
            result = {"masked": masked}
            form = EmailLookupForm()
    return render(request, "accounts/email_lookup.html", {"form": form, "result": result})
