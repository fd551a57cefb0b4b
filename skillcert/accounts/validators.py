import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skillcert.core.identifiers import is_personal_id, looks_like_personal_id

ACCOUNT_NAME_RE = re.compile(r"^[A-Za-z0-9]{1,30}$")


def validate_account_name(value: str) -> None:
    """Login guide: at most 30 ASCII letters or digits, no full-width symbols or Chinese,
    and never a national ID number."""
    if len(value) > 30:
        raise ValidationError(_("帳號最多 30 個字元。"), code="too_long")
    if not ACCOUNT_NAME_RE.match(value):
        raise ValidationError(_("帳號只能使用英文字母與數字，不可使用全形符號或中文字。"), code="charset")
    if looks_like_personal_id(value):
        raise ValidationError(_("帳號不可使用身分證字號或居留證號。"), code="personal_id")


class LettersAndDigitsPasswordValidator:
    """Login guide: the password mixes letters and digits."""

    def validate(self, password, user=None):
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError(_("密碼須同時包含英文字母與數字。"), code="password_mix")

    def get_help_text(self):
        return _("密碼至少 12 碼，且須同時包含英文字母與數字。")


def validate_personal_id(value: str) -> None:
    """身分證字號 or 居留證號 (old two-letter or 2021 format), checksum included."""
    if not is_personal_id(value):
        raise ValidationError(_("身分證字號或居留證號格式或檢查碼錯誤。"), code="personal_id_checksum")
