"""What a re-uploaded row says that differs from what is stored (brochure 115 §3.2-3).

A row of a candidate already registered for this group sitting changes nothing: the upload
is not the way to change a registration. When the file's data differs from what is stored,
the row report says which field, the stored value and the file's value, and points to the
change request 考生異動申請 (考科、考區、術科考場) or, for personal data, to the candidate's own
profile. A blank optional cell says nothing, so it is not a difference."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from skillcert.accounts.models import CandidateProfile
from skillcert.registrations.models import Registration

# Fields a change request can change (groups.changes); the others are the candidate's own data.
REGISTRATION_FIELDS = ("subjects", "region", "venue")


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    stored: str
    in_file: str


def _subjects(subjects) -> str:
    return "、".join(sorted(subject.code for subject in subjects))


def _text(value) -> str:
    return "" if value is None else str(value)


def row_differences(*, data: dict, registration: Registration, profile: CandidateProfile) -> list[Difference]:
    """`data`: a checked upload row (groups.upload); `registration` with its subject lines."""
    stored_subjects = [line.subject for line in registration.subjects.all() if not line.dropped]
    pairs = [
        ("subjects", _("報考考科"), _subjects(stored_subjects), _subjects(data["subjects"])),
        ("region", _("考區"), _text(registration.region), _text(data["region"])),
        ("name_en", _("英文姓名"), profile.name_en, data["name_en"]),
        ("birthday", _("出生日期"), _text(profile.birthday), _text(data["birthday"])),
        ("mobile", _("手機"), profile.mobile, data["mobile"]),
        ("email", "E-mail", profile.user.email.lower(), data["email"].lower()),
        ("postal_address", _("通訊地址"), profile.postal_address, data["postal_address"]),
    ]
    if data["venue"] is not None:
        pairs.append(("venue", _("術科考場"), _text(registration.practical_venue), _text(data["venue"])))
    return [
        Difference(field=name, label=label, stored=stored or "—", in_file=in_file)
        for name, label, stored, in_file in pairs
        if in_file and stored != in_file
    ]


def differences_message(differences: list[Difference]) -> str:
    """The row report's text: every difference, then where the change is made instead."""
    listed = "；".join(
        _("%(field)s：已存「%(stored)s」，檔案「%(file)s」") % {"field": d.label, "stored": d.stored, "file": d.in_file}
        for d in differences
    )
    advice = []
    if any(d.field in REGISTRATION_FIELDS for d in differences):
        advice.append(_("考科、考區、術科考場請至「考生異動申請」提出。"))
    if any(d.field not in REGISTRATION_FIELDS for d in differences):
        advice.append(_("個人資料請考生登入後自行更新。"))
    return _("已報名本團本梯次，檔案資料與已存不同，本次未變更：%(list)s。%(advice)s") % {
        "list": listed,
        "advice": "".join(advice),
    }
