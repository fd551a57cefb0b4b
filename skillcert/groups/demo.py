"""Demo data for groups: one verified coordinator of a demo school with recognition, printed by
`manage.py demo_accounts`. Safe to run twice."""

import datetime as dt

from django.conf import settings
from django.db import transaction

from skillcert.accounts.models import User
from skillcert.core import clock

from .models import Coordinator, Organisation

DEMO_USERNAME = "demoschool"
DEMO_PASSWORD = "GroupDemo2026pass"


DEMO_ORGANISER_USERNAME = "demorecharge"
_ADDRESS = "臺北市大安區忠孝東路三段1號"


def _demo_coordinator(username: str, email: str, name: str, organisation: dict) -> Organisation:
    with transaction.atomic():
        org, _created = Organisation.objects.get_or_create(
            group_code=organisation.pop("group_code"), defaults=organisation
        )
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email, kind=User.Kind.COORDINATOR)
            user.set_password(DEMO_PASSWORD)
            user.save()
        Coordinator.objects.get_or_create(
            user=user,
            defaults={"organisation": org, "name": name, "phone": "02-2771-2171#1453", "verified_at": clock.now()},
        )
    return org


def create_demo_coordinator() -> list[str]:
    """A verified coordinator of 國立示範科技大學 (統一編號 04595257, recognition signed and
    confirmed: its students may name it for the 認同方案), and one of a 人培再充電 course organiser
    (its trainees' written subjects of this year's MDMT sittings are free); returns the lines
    `manage.py demo_accounts` prints."""
    school = _demo_coordinator(DEMO_USERNAME, "group@demo-tech.example", "周示範", {
        "group_code": "DEMOTECH", "name": "國立示範科技大學", "kind": Organisation.Kind.SCHOOL,
        "business_number": "04595257", "invoice_title": "國立示範科技大學", "address": _ADDRESS,
        "contact_email": "group@demo-tech.example", "recognition_signed_on": dt.date(2025, 9, 1),
        "recognition_confirmed_at": clock.now(), "refund_bank_code": "005", "refund_branch_code": "0012",
        "refund_account_number": "001234567890",
    })  # fmt: skip
    organiser = _demo_coordinator(DEMO_ORGANISER_USERNAME, "recharge@demo-tech.example", "林再充", {
        "group_code": "DEMORECHARGE", "name": "示範人培再充電課程", "kind": Organisation.Kind.ORGANISER,
        "business_number": "04595257", "invoice_title": "示範人培再充電課程", "address": _ADDRESS,
        "contact_email": "recharge@demo-tech.example",
    })  # fmt: skip
    login = f"{settings.SITE_URL}/accounts/login/"
    return [
        f"coordinator {login}  {DEMO_USERNAME} / {DEMO_PASSWORD}"
        f"  (團報窗口 of {school.name}, verified, recognition signed and confirmed; group portal /group/)",
        f"coordinator {login}  {DEMO_ORGANISER_USERNAME} / {DEMO_PASSWORD}"
        f"  (人培再充電 course organiser {organiser.name}: free written subjects of this year's MDMT sittings)",
    ]
