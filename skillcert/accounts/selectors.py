"""Reads for accounts: recovery matching and the masked e-mail lookup (SPEC §3)."""

from skillcert.core import hotsql
from skillcert.core.identifiers import normalise

from .models import CandidateProfile, User

_PROFILE_OF = hotsql.CompiledQuery(
    lambda user_id: CandidateProfile.objects.filter(user_id=user_id), user_id=hotsql.mark_int()
)


def candidate_of(user: User) -> CandidateProfile | None:
    """The signed-in candidate's profile (None for any other user), linked both ways to `user`
    as `user.candidate` would be. Every candidate page asks, so the read is compiled once."""
    if user.kind != User.Kind.CANDIDATE:
        return None
    found = _PROFILE_OF.objects(user_id=user.pk)
    if not found:
        return None
    profile = found[0]
    link = CandidateProfile._meta.get_field("user")
    link.set_cached_value(profile, user)  # profile.user
    link.remote_field.set_cached_value(user, profile)  # user.candidate
    return profile


def mask_email(email: str) -> str:
    """查詢信箱: show enough for the owner to recognise it, e.g. ab***@example.com."""
    local, _, domain = (email or "").partition("@")
    if not domain:
        return ""
    visible = local[:2] if len(local) > 2 else local[:1]
    return f"{visible}***@{domain}"


def _candidates():
    return CandidateProfile.objects.select_related("user").filter(user__is_active=True, user__kind=User.Kind.CANDIDATE)


def candidate_for_email_recovery(*, national_id: str, name_zh: str, email: str) -> CandidateProfile | None:
    """By e-mail: national ID + Chinese name + e-mail. Without a national ID (the group
    candidate's first login, login guide 團報單位考生第一次登入) only a candidate created by a
    group upload who has not yet confirmed their data matches, and only when exactly one does."""
    found = _candidates().filter(name_zh=name_zh.strip(), user__email__iexact=email.strip())
    if national_id:
        return found.filter(national_id=normalise(national_id)).first()
    found = list(found.filter(created_by_group=True, profile_confirmed_at__isnull=True)[:2])
    return found[0] if len(found) == 1 else None


def candidate_for_sms_recovery(*, national_id: str, name_zh: str, mobile: str) -> CandidateProfile | None:
    """By SMS: national ID + Chinese name + mobile."""
    return (
        _candidates().filter(national_id=normalise(national_id), name_zh=name_zh.strip(), mobile=mobile.strip()).first()
    )


def candidate_email_lookup(*, username: str, national_id: str, name_zh: str) -> str | None:
    """查詢信箱: the masked e-mail when account, national ID and Chinese name all match."""
    profile = (
        _candidates()
        .filter(user__username=username.strip(), national_id=normalise(national_id), name_zh=name_zh.strip())
        .first()
    )
    if profile is None or not profile.user.email:
        return None
    return mask_email(profile.user.email)
