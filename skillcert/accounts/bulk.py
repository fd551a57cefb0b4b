"""Group-created candidates in bulk (SPEC §3, brochure 115 §3.2-2 (2) C–D 考生資料上傳): the
same accounts as `services.candidate_create_from_group`, for many rows in a few statements.

One query finds the existing profiles by national ID (returned unchanged, as the single
version does); the new users (no usable password: first login through 查詢帳號/密碼),
profiles and their `accounts.created_by_group` audit rows are each written with one
`bulk_create`. Call it inside the caller's transaction."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skillcert.core.audit import audit_entry
from skillcert.core.identifiers import is_personal_id, normalise
from skillcert.core.models import AuditEntry

from .models import CandidateProfile, User

LOOKUP_CHUNK = 500  # national IDs per `IN (...)` query


@dataclass(frozen=True)
class GroupCandidate:
    """One uploaded person, the arguments of `candidate_create_from_group`."""

    national_id: str
    name_zh: str
    name_en: str = ""
    email: str = ""
    mobile: str = ""
    birthday: dt.date | None = None
    postal_address: str = ""
    school_or_employer: str = ""


def candidates_create_from_group_bulk(rows: list[GroupCandidate], *, actor=None) -> list[tuple[CandidateProfile, bool]]:
    """(profile, created) for each row, in order; raises ValidationError (nothing written) if
    a national ID fails its checksum. The same ID twice gives the same profile twice."""
    ids = [normalise(row.national_id) for row in rows]
    if not all(is_personal_id(national_id) for national_id in ids):
        raise ValidationError(_("身分證字號或居留證號格式或檢查碼錯誤。"))
    profiles: dict[str, CandidateProfile] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        found = CandidateProfile.objects.filter(national_id__in=wanted[start : start + LOOKUP_CHUNK])
        profiles.update({profile.national_id: profile for profile in found.select_related("user")})
    new_rows = {}
    for national_id, row in zip(ids, rows, strict=True):
        if national_id not in profiles:
            new_rows.setdefault(national_id, row)
    users = []
    for row in new_rows.values():
        user = User(
            username=f"g{secrets.token_hex(6)}",
            email=row.email.strip(),
            kind=User.Kind.CANDIDATE,
            must_choose_username=True,  # they choose their own at the first login
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    created = []
    for (national_id, row), user in zip(new_rows.items(), users, strict=True):
        profile = CandidateProfile(
            user=user,
            national_id=national_id,
            name_zh=row.name_zh.strip(),
            name_en=row.name_en.strip().upper(),
            mobile=row.mobile.strip(),
            birthday=row.birthday,
            postal_address=row.postal_address,
            school_or_employer=row.school_or_employer,
            created_by_group=True,
        )
        # Uniqueness was answered by the lookup above (the unique index stays the backstop) and
        # the user was just inserted: no query per profile for either.
        profile.full_clean(exclude=["user"], validate_unique=False)
        created.append(profile)
    CandidateProfile.objects.bulk_create(created)
    AuditEntry.objects.bulk_create(audit_entry(p, "accounts.created_by_group", actor=actor) for p in created)
    profiles.update({profile.national_id: profile for profile in created})
    return [(profiles[national_id], national_id in new_rows) for national_id in ids]
