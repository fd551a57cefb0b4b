from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from skillcert.registrations import selectors

from .registrations import candidate_required

OTHER_HOMES = {"coordinator": "groupportal:home", "staff": "backoffice:index"}


@login_required
def home(request):
    """After login everyone lands here; coordinators and staff go on to their own door."""
    if request.user.kind in OTHER_HOMES:
        return redirect(OTHER_HOMES[request.user.kind])
    return candidate_home(request)


@candidate_required
def candidate_home(request, candidate):
    """The candidate dashboard: open sittings and every registration with its next step."""
    registrations = selectors.registrations_for_candidate(candidate=candidate)[:10]
    context = {
        "candidate": candidate,
        "rows": [(r, selectors.next_step(r)) for r in registrations],
        "sessions": selectors.sessions_marked_for(
            candidate=candidate, sessions=selectors.sessions_open_for_registration()[:10]
        ),
    }
    return render(request, "portal/home.html", context)
