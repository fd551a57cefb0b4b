import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skillcert.core.identifiers import is_personal_id, looks_like_personal_id
from skillcert.core.pdf import missing_glyphs

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


# Names as they print on a certificate: one rule for the profile, sign-up, the group upload and
# every staff form (CandidateProfile.clean), so a certificate never shows a box for a missing glyph.
NAME_ZH_MAX = 50  # CandidateProfile.name_zh and Certificate.holder_name hold 50
NAME_EN_MAX = 100
MIDDLE_DOT = "\u00b7"
# 間隔號 as keyboards type it: ‧ (U+2027, Taiwan's IME), ・ and ･ (Japanese), • ∙ ⋅ and Greek ·
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("\u2027\u30fb\uff65\u2022\u2219\u22c5\u0387", MIDDLE_DOT))
_HAN_RE = re.compile(
    "^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
    f"(?:{MIDDLE_DOT}[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+)*$"
)
_LATIN_NAME_RE = re.compile(r"^[A-Z]+(?:[ '\-][A-Z]+)*$")  # letters; one space, hyphen or apostrophe between
_LATIN_EN_RE = re.compile(r"^[A-Z]+(?:(?:, |[ '\-.]|\. )[A-Z]+)*\.?$")  # passports also use , and .


def _latin(value: str) -> str:
    """Full-width letters to ASCII, upper case, runs of spaces to one."""
    return " ".join(unicodedata.normalize("NFKC", value).upper().split())


def _too_long(value: str, limit: int, label: str) -> None:
    if len(value) > limit:
        raise ValidationError(
            _("%(label)s最多 %(limit)s 個字元（目前 %(count)s 個），請勿自行截斷，如需協助請來信。")
            % {"label": label, "limit": limit, "count": len(value)},
            code="too_long",
        )


def clean_name_zh(value: str, *, resident: bool) -> str:
    """中文姓名 as it prints: Chinese characters the certificate font has, joined by the middle dot
    · of transliterated and indigenous names (every keyboard variant becomes U+00B7). A holder of a
    resident certificate may instead give the name on it: Latin letters, spaces, hyphens,
    apostrophes, upper-cased. Digits, symbols, emoji and a leading = + - @ are refused; a long
    name is refused, never cut. Returns the normalised name."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("請填寫中文姓名。"), code="required")
    han = "".join(value.split()).translate(_MIDDLE_DOTS)  # 王 小明 is 王小明
    if _HAN_RE.match(han):
        _too_long(han, NAME_ZH_MAX, _("中文姓名"))
        missing = missing_glyphs(han)
        if missing:
            raise ValidationError(
                _("「%(chars)s」無法印在證書上（證書字型缺字），請改用通行字形，或來信由專人協助。")
                % {"chars": "、".join(missing)},
                code="glyph",
            )
        return han
    latin = _latin(value)
    if resident and _LATIN_NAME_RE.match(latin):
        _too_long(latin, NAME_ZH_MAX, _("姓名"))
        return latin
    if resident:
        message = _(
            "姓名請填中文字（可用間隔號「·」），或居留證上的英文姓名（英文字母、空白、- 與 '）；不可有數字、符號或表情符號。"
        )
    else:
        message = _("中文姓名只能使用中文字與間隔號「·」（如原住民族或音譯姓名），不可有英文、數字、符號或表情符號。")
    raise ValidationError(message, code="charset")


def clean_name_en(value: str) -> str:
    """英文姓名 as on the passport: upper-case Latin letters with spaces, hyphens, apostrophes, and
    the comma and full stop passports use; nothing else, and never cut. Empty stays empty."""
    value = _latin(value or "")
    if not value:
        return ""
    if not _LATIN_EN_RE.match(value):
        raise ValidationError(
            _(
                "英文姓名請使用英文字母（大寫），可用空白、- 、' 、逗號與句點，例如 WANG XIAO-MING；不可有數字或其他符號。"
            ),
            code="charset",
        )
    _too_long(value, NAME_EN_MAX, _("英文姓名"))
    return value
