"""Demo accounts for a newcomer (`make run` prints them): one candidate and one staff member
per role, each staff member with a TOTP device. Idempotent: running it again prints the same
accounts and secrets. Other areas add their own demo people through the extension hooks."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.accounts.models import CandidateProfile, StaffRole, User
from skillcert.accounts.roles import roles_setup, staff_create
from skillcert.accounts.totp import secret_base32
from skillcert.core import clock
from skillcert.groups.demo import create_demo_coordinator

DEMO_PASSWORD = "Demo2026Password"
DEMO_CANDIDATE = {
    "username": "demo",
    "national_id": "A123456789",
    "name_zh": "王小明",
    "name_en": "WANG XIAO MING",
    "email": "demo.candidate@example.com",
    "mobile": "0912345678",
}
DEMO_STAFF = {
    StaffRole.ADMIN: "demoadmin",
    StaffRole.ITEM_OFFICER: "demoofficer",
    StaffRole.FINANCE: "demofinance",
    StaffRole.VENUE: "demovenue",
    StaffRole.REVIEWER: "demoreviewer",
    StaffRole.ITEM_WRITER: "demowriter",
    StaffRole.ITEM_REVIEWER: "demoitemreviewer",
}
# Each hook is called and returns lines to print (the groups area adds the demo coordinator).
EXTENSION_HOOKS = [create_demo_coordinator]


def demo_candidate() -> User:
    user = User.objects.filter(username=DEMO_CANDIDATE["username"]).first()
    if user is None:
        user = User(username=DEMO_CANDIDATE["username"], email=DEMO_CANDIDATE["email"], kind=User.Kind.CANDIDATE)
        user.set_password(DEMO_PASSWORD)
        user.save()
    CandidateProfile.objects.get_or_create(
        user=user,
        defaults={
            "national_id": DEMO_CANDIDATE["national_id"],
            "name_zh": DEMO_CANDIDATE["name_zh"],
            "name_en": DEMO_CANDIDATE["name_en"],
            "mobile": DEMO_CANDIDATE["mobile"],
            "birthday": clock.parse_roc_date("92/04/05"),
            "postal_address": "新竹縣竹東鎮中興路四段195號",
            "consent_version": "115.1",
            "consent_at": clock.now(),
            "profile_confirmed_at": clock.now(),
        },
    )
    return user


class Command(BaseCommand):
    help = "Create (idempotently) and print the demo accounts."

    def handle(self, *args, **options):
        roles_setup()
        demo_candidate()
        out = self.stdout.write
        out("Demo accounts (development only):")
        out(f"  candidate  {settings.SITE_URL}/accounts/login/  demo / {DEMO_PASSWORD}  (5-digit captcha on screen)")
        out(f"  staff      {settings.SITE_URL}/backoffice/  password + TOTP code")
        for role, username in DEMO_STAFF.items():
            user = staff_create(username=username, password=DEMO_PASSWORD, roles=[role.value])
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
            out(f"    {username:<13} / {DEMO_PASSWORD}  role {role.value:<12}  TOTP secret {secret_base32(device)}")
        out("    current code without an app: .venv/bin/python manage.py staff_totp <username> --code")
        for hook in EXTENSION_HOOKS:
            for line in hook() or []:
                out(f"  {line}")
