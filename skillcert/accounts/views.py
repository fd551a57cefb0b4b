from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _


def ratelimited(request, exception=None):
    return HttpResponse(_("嘗試次數過多，請稍後再試。"), status=429)


@login_required
def password_change_required(request):
    return HttpResponse("TODO")
