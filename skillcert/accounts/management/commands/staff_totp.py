import io

import qrcode
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.accounts.models import User
from skillcert.accounts.totp import secret_base32


class Command(BaseCommand):
    help = "Enrol (or reset, or show the current code of) a staff member's TOTP device."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="delete existing devices and enrol a new one")
        parser.add_argument("--code", action="store_true", help="print the current 6-digit code (demo use)")

    def handle(self, username, reset=False, code=False, **options):
        user = User.objects.filter(username=username, kind=User.Kind.STAFF).first()
        if user is None:
            raise CommandError(f"no staff account named {username!r}")
        if reset:
            TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        if code:
            self.stdout.write(current_code(device))
            return
        self.stdout.write(f"secret (base32): {secret_base32(device)}")
        self.stdout.write(f"otpauth URI: {device.config_url}")
        qr = qrcode.QRCode(border=1)
        qr.add_data(device.config_url)
        buffer = io.StringIO()
        qr.print_ascii(out=buffer)
        self.stdout.write(buffer.getvalue())


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
