"""The printable payment slip 繳費單 (brochures §6.1: "請列印該畫面資料"): bank, account,
amount and deadline, in Chinese with the embedded font (core.pdf)."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.units import mm

from skillcert.core import clock
from skillcert.core.pdf import CJK_FONT, new_canvas

from .models import VirtualAccount

# Counter payments (MDMT brochure 113 §6.1(2)): the branch and holder of the collecting account.
COUNTER_BRANCH = "兆豐國際商業銀行竹科新安分行"
ACCOUNT_HOLDER = "財團法人工業技術研究院"


def grouped(number: str) -> str:
    """96017 0000 0123 4 → easier to type at an ATM."""
    return " ".join([number[:5], number[5:9], number[9:13], number[13:]]) if number else ""


def slip_rows(account: VirtualAccount) -> list[tuple[str, str]]:
    bank = settings.VIRTUAL_ACCOUNT_BANK
    rows = [
        (_("繳費項目"), account.get_purpose_display()),
        (_("銀行"), f"{bank['name']}（{_('銀行代碼')} {account.bank_code}）"),
        (_("虛擬帳號"), grouped(account.number)),
        (_("應繳金額"), f"{account.amount:,} {_('元')}"),
        (_("繳費期限"), clock.roc_datetime(account.deadline)),
    ]
    registration = account.registration
    if registration is not None:
        rows.insert(0, (_("報名編號"), str(registration.pk)))
        rows.insert(1, (_("考生"), registration.candidate.name_zh))
        rows.insert(2, (_("梯次"), str(registration.session)))
    return rows


def slip_pdf(account: VirtualAccount) -> bytes:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, title=_("iPAS 報名費繳費單"))
    width, height = canvas._pagesize
    left, y = 25 * mm, height - 30 * mm
    canvas.setFont(CJK_FONT, 18)
    canvas.drawString(left, y, _("iPAS 經濟部產業人才能力鑑定 繳費單"))
    y -= 14 * mm
    for label, value in slip_rows(account):
        canvas.setFont(CJK_FONT, 12)
        canvas.drawString(left, y, label)
        canvas.setFont(CJK_FONT, 16 if label == _("虛擬帳號") else 13)
        canvas.drawString(left + 35 * mm, y, value)
        y -= 10 * mm
    canvas.setLineWidth(0.5)
    canvas.line(left, y + 4 * mm, width - left, y + 4 * mm)
    canvas.setFont(CJK_FONT, 10.5)
    notes = [
        _("一、本帳號僅供一次性使用，金額須正確；金額不符時銀行將拒絕轉帳。"),
        _("二、可持金融卡至各金融機構 ATM 轉帳（兆豐銀行代碼 017）或使用網路銀行繳款。"),
        _("三、臨櫃繳款：%(branch)s，戶名：%(holder)s。") % {"branch": COUNTER_BRANCH, "holder": ACCOUNT_HOLDER},
        _("四、繳費手續費依各銀行規定，不含於報名費中。逾期帳號即失效，名額將釋出。"),
        _("五、銀行入帳後系統自動確認，並以電子郵件通知「繳費成功」。"),
    ]
    for line in notes:
        y -= 7 * mm
        canvas.drawString(left, y, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
