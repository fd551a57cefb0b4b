"""考生基本資料維護 (SPEC §3; brochure 115 §3.2 item 3): the candidate edits name, English
name, birthday, mobile, e-mail, address, school/employer and the training tick box; the
account name and national ID are shown but only staff can change them. A candidate created
by a group confirms and completes their data here on the first login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import PersonalDataForm
from .models import CandidateProfile, User
from .views import posted


def own_profile(user) -> CandidateProfile:
    """The requesting candidate's own profile; nobody else's is reachable from this door."""
    if user.kind != User.Kind.CANDIDATE:
        raise PermissionDenied
    try:
        return CandidateProfile.objects.select_related("user").get(user=user)
    except CandidateProfile.DoesNotExist as error:
        raise PermissionDenied from error


@login_required
def profile(request):
    candidate = own_profile(request.user)
    locked = services.profile_locked_message(profile=candidate)
    form = PersonalDataForm(
        None if locked else posted(request), instance=candidate, initial={"email": candidate.user.email}
    )
    if locked:
        for field in form.fields.values():
            field.disabled = True
    elif request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.CANDIDATE_EDITABLE_FIELDS}
        was_confirmed = candidate.profile_confirmed_at is not None
        services.candidate_profile_update(
            profile=candidate, actor=request.user, email=form.cleaned_data["email"], **changes
        )
        if was_confirmed:
            messages.success(request, _("基本資料已儲存。 Your details have been saved."))
        else:
            messages.success(request, _("基本資料已確認並儲存。 Your details are confirmed."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "candidate": candidate, "locked": locked})
