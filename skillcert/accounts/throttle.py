"""Rate limits and lockouts for every credential and recovery form (SPEC §3).

Counters live in the Django cache (django-ratelimit's fixed windows; Redis in production),
keyed per client IP and per IP + target (account name or national ID). A target is never
locked for everyone: an attacker who fails on someone's account from their own address only
locks that address out of that account, for a limited window, so the owner can always log in
from their own device. Every attempt also needs a one-use image captcha.
"""

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    scope: str
    rate: str  # django-ratelimit syntax: "5/15m", "20/h"


# Per address, whatever the target: the volume any one client may send.
LOGIN_PER_IP = Limit("login.ip", "30/10m")
LOGIN_FAILURES_PER_IP_AND_ACCOUNT = Limit("login.ip_account", "5/15m")
SIGNUP_PER_IP = Limit("signup.ip", "20/h")
RECOVERY_PER_IP = Limit("recovery.ip", "10/h")
# Per target: how many recovery messages one person may receive (mail/SMS bombing).
RECOVERY_PER_TARGET = Limit("recovery.target", "3/h")
LOOKUP_PER_IP = Limit("lookup.ip", "10/h")
LOOKUP_PER_IP_AND_TARGET = Limit("lookup.ip_target", "5/h")
TOTP_PER_USER = Limit("totp.user", "5/15m")
# Wrong group discount codes (brochure 115 §3.2-2 (3) B), per address and candidate account (one
# student's typos never lock out the school behind the same address), and per address.
DISCOUNT_CODE_FAILURES_PER_IP_AND_ACCOUNT = Limit("discount_code.ip_account", "10/15m")
DISCOUNT_CODE_FAILURES_PER_IP = Limit("discount_code.ip", "100/15m")
# The spoken captcha starts a speech process per request.
CAPTCHA_AUDIO_PER_IP = Limit("captcha.audio.ip", "20/10m")


def client_ip(request) -> str:
    """The client's address, for every rate limit (ours, and django-ratelimit's through
    RATELIMIT_IP_META_KEY).

    Behind `TRUSTED_PROXY_COUNT` proxies of our own, REMOTE_ADDR is the nearest proxy and each
    proxy appends the address it was connected from to X-Forwarded-For: the client is the n-th
    entry from the right. Whatever stands further left was written by the client and is never
    read. With 0 (development, no proxy) the header is ignored. A header shorter than the chain
    or not an address means the request did not come through our proxies: REMOTE_ADDR counts.
    An IPv6 client counts by its /64 (one subscriber's network)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    address = remote
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return remote
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _usage(request, limit: Limit, target: str, *, increment: bool):
    def key(group, req):
        return f"{client_ip(req)}|{target.strip().upper()}" if target is not None else client_ip(req)

    return get_usage(request, group=f"skillcert.{limit.scope}", key=key, rate=limit.rate, increment=increment)


def hit(request, limit: Limit, target: str | None = None) -> bool:
    """Count one attempt; True when this attempt is over the limit."""
    usage = _usage(request, limit, target, increment=True)
    return bool(usage and usage["should_limit"])


def exceeded(request, limit: Limit, target: str | None = None) -> bool:
    """Is the limit already reached (without counting this look)?"""
    usage = _usage(request, limit, target, increment=False)
    return bool(usage and usage["count"] >= usage["limit"])


def hit_target_only(request, limit: Limit, target: str) -> bool:
    """A counter shared by every address for one target (recovery messages sent to one person).
    Exceeding it never shows anything different on screen: the message is just not sent."""

    def key(group, req):
        return target.strip().upper()

    usage = get_usage(request, group=f"skillcert.{limit.scope}", key=key, rate=limit.rate, increment=True)
    return bool(usage and usage["should_limit"])


def too_many_message() -> str:
    return _("嘗試次數過多，請稍後（約 15 分鐘）再試。Too many attempts; please try again later.")
