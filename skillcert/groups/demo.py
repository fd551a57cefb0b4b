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


def create_demo_coordinator() -> list[str]:
    """A verified coordinator of 國立示範科技大學 (統一編號 04595257, recognition signed and
    confirmed: its students may name it for the 認同方案);
    returns the lines `manage.py demo_accounts` prints."""
    with transaction.atomic():
        organisation, _created = Organisation.objects.get_or_create(
            group_code="DEMOTECH",
            defaults={
                "name": "國立示範科技大學", "kind": Organisation.Kind.SCHOOL, "business_number": "04595257",
                "invoice_title": "國立示範科技大學", "address": "臺北市大安區忠孝東路三段1號",
                "contact_email": "group@demo-tech.example", "recognition_signed_on": dt.date(2025, 9, 1),
                "recognition_confirmed_at": clock.now(), "refund_bank_code": "005", "refund_branch_code": "0012", "refund_account_number": "001234567890",
            },
        )  # fmt: skip
        user = User.objects.filter(username=DEMO_USERNAME).first()
        if user is None:
            user = User(username=DEMO_USERNAME, email="group@demo-tech.example", kind=User.Kind.COORDINATOR)
            user.set_password(DEMO_PASSWORD)
            user.save()
        Coordinator.objects.get_or_create(
            user=user,
            defaults={"organisation": organisation, "name": "周示範", "phone": "02-2771-2171#1453",
                      "verified_at": clock.now()},
        )  # fmt: skip
    return [
        f"coordinator {settings.SITE_URL}/accounts/login/  {DEMO_USERNAME} / {DEMO_PASSWORD}"
        f"  (團報窗口 of {organisation.name}, verified, recognition signed and confirmed; group portal /group/)"
    ]
