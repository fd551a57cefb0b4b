"""Candidate account services (SPEC §3): sign-up, group-created candidates, temporary
passwords, authentication with them, password change and profile edits.

Each is one transaction, writes an audit row and queues its message after commit."""

import datetime as dt
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.identifiers import is_personal_id, normalise
from skillcert.notifications.services import email_after_commit, sms_after_commit
from skillcert.registrations.edits import personal_data_locked_by

from .models import CandidateProfile, User
from .validators import validate_account_name

TEMPORARY_PASSWORD_LIFETIME = dt.timedelta(hours=24)
_TEMP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no 0/O, 1/l/I
# Profile fields a candidate may edit themselves (brochure 115 §3.2 item 3: 姓名、英文譯名、
# 生日、手機、E-mail、地址); the account name and national ID only change through staff.
CANDIDATE_EDITABLE_FIELDS = (
    "name_zh",
    "name_en",
    "birthday",
    "mobile",
    "postal_address",
    "school_or_employer",
    "moea_training_recent",
    "moea_training_certificate_on",
)


class ProfileLocked(Exception):
    """Brochure 115 §3.2 item 3: after a registration deadline the data is read-only until that exam."""


def profile_locked_message(*, profile: CandidateProfile) -> str | None:
    """Why the candidate cannot edit now (zh-Hant), or None when they can."""
    registration = personal_data_locked_by(candidate=profile)
    if registration is None:
        return None
    return _(
        "您報名的梯次已於 %(at)s 截止報名，考試結束前基本資料僅供瀏覽；如資料有誤，請來信由專人協助。"
        " Registration has closed: your details are read-only until the exam."
    ) % {"at": clock.roc_datetime(registration.session.registration_closes)}


class SignUpRefused(Exception):
    """The account name or ID cannot be used; the message never says which or why."""


def account_taken(*, username: str, national_id: str | None = None) -> bool:
    """Is the account name (any kind of account, staff included) or the national ID in use?
    Every lookup runs every time, so the work does not tell which one matched."""
    name_taken = User.objects.filter(username__iexact=username).exists()
    id_taken = national_id is not None and CandidateProfile.objects.filter(national_id=national_id).exists()
    return name_taken or id_taken


@dataclass(frozen=True)
class AuthResult:
    user: User | None
    temporary: bool = False
    expired: bool = False


def _login_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:login")


def candidate_sign_up(
    *,
    username: str,
    password_hash: str,
    email: str,
    consent_version: str,
    consent_at: dt.datetime,
    **profile_fields,
) -> CandidateProfile:
    """Create the account and its 考生基本資料 in one go, recording the consent accepted."""
    national_id = normalise(profile_fields.pop("national_id"))
    if not is_personal_id(national_id):
        raise ValidationError(_("身分證字號或居留證號格式或檢查碼錯誤。"))
    try:
        with transaction.atomic():
            if account_taken(username=username, national_id=national_id):
                raise SignUpRefused
            user = User(username=username, email=email, kind=User.Kind.CANDIDATE, password=password_hash)
            user.full_clean(exclude=["password"])
            user.save()
            profile = CandidateProfile(
                user=user,
                national_id=national_id,
                consent_version=consent_version,
                consent_at=consent_at,
                profile_confirmed_at=clock.now(),
                **profile_fields,
            )
            profile.full_clean()
            profile.save()
            log_action(profile, "accounts.signup", actor=user, data={"consent_version": consent_version})
            email_after_commit(
                template="signup_confirmation",
                to=email,
                context={"username": username, "name_zh": profile.name_zh, "login_url": _login_url()},
            )
    except IntegrityError as error:  # a concurrent sign-up took the name or ID first
        raise SignUpRefused from error
    return profile


def candidate_create_from_group(
    *,
    national_id: str,
    name_zh: str,
    name_en: str = "",
    email: str = "",
    mobile: str = "",
    birthday: dt.date | None = None,
    postal_address: str = "",
    school_or_employer: str = "",
    actor: User | None = None,
) -> CandidateProfile:
    """A candidate uploaded by a group coordinator: no usable password yet; the candidate's
    first login goes through 查詢帳號/密碼 with e-mail + Chinese name (login guide).
    An existing national ID returns the existing profile, unchanged."""
    national_id = normalise(national_id)
    if not is_personal_id(national_id):
        raise ValidationError(_("身分證字號或居留證號格式或檢查碼錯誤。"))
    existing = CandidateProfile.objects.filter(national_id=national_id).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        user = User(
            username=f"g{secrets.token_hex(6)}",
            email=email.strip(),
            kind=User.Kind.CANDIDATE,
            must_choose_username=True,
        )
        user.set_unusable_password()
        user.save()
        profile = CandidateProfile(
            user=user,
            national_id=national_id,
            name_zh=name_zh.strip(),
            name_en=name_en.strip().upper(),
            mobile=mobile.strip(),
            birthday=birthday,
            postal_address=postal_address,
            school_or_employer=school_or_employer,
            created_by_group=True,
        )
        profile.full_clean()
        profile.save()
        log_action(profile, "accounts.created_by_group", actor=actor)
    return profile


class AccountNameRefused(Exception):
    """The account name cannot be chosen (taken, or the one-time choice was already made)."""


def user_account_name_choose(*, user: User, username: str) -> User:
    """A group-created candidate replaces the generated account name with their own, once
    (login guide: account names follow validate_account_name and never change afterwards)."""
    validate_account_name(username)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.must_choose_username:
            raise AccountNameRefused
        if username.lower() != user.username.lower() and account_taken(username=username):
            raise AccountNameRefused
        old = user.username
        user.username = username
        user.must_choose_username = False
        try:
            with transaction.atomic():
                user.save(update_fields=["username", "must_choose_username"])
        except IntegrityError as error:  # chosen by someone else at the same moment
            raise AccountNameRefused from error
        log_action(user, "accounts.username_chosen", actor=user, data={"from": old, "to": username})
    return user


def _new_temporary_password() -> str:
    while True:
        password = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
        if any(c in string.ascii_letters for c in password) and any(c.isdigit() for c in password):
            return password


def temporary_password_issue(*, user: User, channel: str) -> None:
    """查詢帳號/密碼: send the account name and a temporary password valid for 24 hours.
    The owner's own password keeps working; the temporary one forces a change when used."""
    password = _new_temporary_password()
    expires_at = clock.now() + TEMPORARY_PASSWORD_LIFETIME
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.temporary_password = make_password(password)
        user.temporary_password_expires_at = expires_at
        user.save(update_fields=["temporary_password", "temporary_password_expires_at"])
        log_action(user, "accounts.temporary_password_issued", data={"channel": channel})
        context = {
            "username": user.username,
            "temporary_password": password,
            "expires_at": clock.roc_datetime(expires_at),
            "login_url": _login_url(),
            # a group-created candidate never had a password: no "your old one still works"
            "had_password": user.has_usable_password(),
        }
        if channel == "sms":
            body = _(
                "iPAS 能力鑑定：帳號 %(username)s，臨時密碼 %(temporary_password)s，"
                "%(expires_at)s 前有效，登入後須立即變更密碼。"
            )
            sms_after_commit(to=user.candidate.mobile, body=body % context)
        else:
            email_after_commit(template="temporary_password", to=user.email, context=context)


def recovery_request(*, profile: CandidateProfile | None, channel: str) -> None:
    """Issue a temporary password to `profile` if there is one; otherwise do comparable work
    (one password hash) so that neither the answer nor its timing tells the two apart."""
    if profile is None:
        make_password(_new_temporary_password())
        return
    temporary_password_issue(user=profile.user, channel=channel)


def user_authenticate(*, request, username: str, password: str) -> AuthResult:
    """Account + password, or account + an unexpired temporary password."""
    user = authenticate(request, username=username, password=password)
    if user is not None:
        if user.temporary_password:  # the owner remembered: the temporary password is void
            User.objects.filter(pk=user.pk).update(temporary_password="", temporary_password_expires_at=None)
        return AuthResult(user=user)
    candidate = User.objects.filter(username=username, is_active=True).exclude(temporary_password="").first()
    if candidate is None or not check_password(password, candidate.temporary_password):
        return AuthResult(user=None)
    expires_at = candidate.temporary_password_expires_at
    if expires_at is None or expires_at <= clock.now():
        return AuthResult(user=None, temporary=True, expired=True)
    candidate.must_change_password = True
    candidate.save(update_fields=["must_change_password"])
    log_action(candidate, "accounts.login_with_temporary_password", actor=candidate)
    return AuthResult(user=candidate, temporary=True)


@dataclass(frozen=True)
class StaffAuthResult:
    user: User | None
    device: TOTPDevice | None = None  # None with a user: no code was checked


def staff_authenticate(*, request, username: str, password: str, token: str) -> StaffAuthResult:
    """The back office's login in one step: a staff account's password and the current code of
    that account's own confirmed TOTP device (never a device named by the form). Every failure is
    the same `user=None`: the password is hashed whether or not the account exists (ModelBackend)
    and the code goes through django-otp, which also slows repeated failures on a device.

    An account without a confirmed device gets in with its password alone (`device=None`): the
    first-device enrolment (accounts.totp), after which the back office still needs a code. With
    BACKOFFICE_REQUIRE_OTP off, an empty code is accepted."""
    user = authenticate(request, username=username, password=password)
    if user is None or user.kind != User.Kind.STAFF:
        return StaffAuthResult(user=None)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    token = (token or "").strip()
    if device is None or (not token and not settings.BACKOFFICE_REQUIRE_OTP):
        return StaffAuthResult(user=user)
    if not device.verify_token(token):
        return StaffAuthResult(user=None)
    return StaffAuthResult(user=user, device=device)


def user_password_set(*, user: User, password: str) -> None:
    """A new password (after a temporary one, or by choice); validation is the form's job."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.temporary_password = ""
        user.temporary_password_expires_at = None
        user.save(
            update_fields=["password", "must_change_password", "temporary_password", "temporary_password_expires_at"]
        )
        log_action(user, "accounts.password_changed", actor=user)


def candidate_profile_update(*, profile: CandidateProfile, actor: User, email: str, **changes) -> CandidateProfile:
    """考生基本資料維護: the candidate edits what the brochure allows and confirms the data."""
    unknown = set(changes) - set(CANDIDATE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable by the candidate: {sorted(unknown)}")
    with transaction.atomic():
        profile = CandidateProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        locked = profile_locked_message(profile=profile)
        if locked:
            raise ProfileLocked(locked)
        before = {name: getattr(profile, name) for name in changes} | {"email": profile.user.email}
        for name, value in changes.items():
            setattr(profile, name, value)
        first_confirmation = profile.profile_confirmed_at is None
        if first_confirmation:
            profile.profile_confirmed_at = clock.now()
        profile.full_clean()
        profile.save(update_fields=[*changes, "profile_confirmed_at"])
        if profile.user.email != email:
            profile.user.email = email
            profile.user.save(update_fields=["email"])
        after = {name: getattr(profile, name) for name in changes} | {"email": email}
        changed = {name: [str(before[name]), str(after[name])] for name in after if before[name] != after[name]}
        log_action(profile, "accounts.profile_updated", actor=actor, data={"changed": changed})
        if first_confirmation:
            log_action(profile, "accounts.profile_confirmed", actor=actor)
    return profile
