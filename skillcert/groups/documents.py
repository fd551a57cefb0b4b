"""Files the coordinator downloads: the upload template (xlsx/csv), exports of the group's
candidates, and the printable registration checklist 報名資料檢核單 (PDF)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from skillcert.core import clock, pdf
from skillcert.core.money import format_ntd

from .models import GroupSitting
from .upload import COLUMNS

EXPORT_HEADER = [
    "報名編號",
    "身分證字號",
    "中文姓名",
    "英文姓名",
    "E-mail",
    "手機",
    "考科",
    "考區",
    "金額",
    "狀態",
    "取得授證資格",
]


def template_xlsx(*, sitting: GroupSitting) -> bytes:
    """The upload template: the header row, and a second sheet explaining each column with the
    sitting's own subjects, certification paths and regions."""
    session = sitting.session
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "考生資料"
    sheet.append([title for _key, title in COLUMNS])
    for column in sheet.columns:
        column[0].number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = 18
    help_sheet = workbook.create_sheet("填寫說明")
    subjects = "、".join(f"{s.number}={s.code} {s.name}" for s in session.level.subjects.order_by("number"))
    paths = " 或 ".join(
        "+".join(str(s.number) for s in p.subjects.order_by("number")) for p in session.level.paths.all()
    )
    for line in (
        ["梯次", str(session)],
        ["身分證字號", "必填；本國身分證或居留證號"],
        ["中文姓名", "必填；與身分證相同"],
        ["英文姓名", "英文大寫，如 WANG XIAO MING"],
        ["出生日期", "如 2003-04-05 或 092/04/05"],
        ["手機", "09 開頭 10 位數字"],
        ["E-mail", "必填；考生以 E-mail 與中文姓名於「查詢帳號/密碼」取得首次登入密碼"],
        ["通訊地址", "證書寄送地址"],
        ["報考考科", f"填考科序號或代碼，以逗號分隔；考科：{subjects}；授證組合：{paths}"],
        ["考區", "、".join(r.name for r in session.regions.all())],
        ["術科考場", "報考術科者必填，填考場名稱"],
    ):
        help_sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_rows(*, rows, certified) -> list[list]:
    """`certified` is the sitting's `selectors.PassList` (None before publication)."""
    out = []
    for registration in rows:
        candidate = registration.candidate
        if certified is None:
            passed = ""
        elif candidate.pk in certified.revoked:
            passed = _("否（證書已撤銷）")
        else:
            passed = _("是") if candidate.pk in certified else _("否")
        out.append([
            registration.pk, candidate.national_id, candidate.name_zh, candidate.name_en, candidate.user.email,
            candidate.mobile, "、".join(line.subject.code for line in registration.subjects.all() if not line.dropped),
            str(registration.region), registration.amount, registration.get_status_display(), passed,
        ])  # fmt: skip
    return out


def checklist_pdf(*, sitting: GroupSitting, rows, total_due: int, remittance_account: dict) -> bytes:
    """報名資料檢核單: one line per candidate for the coordinator to check and sign."""
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, title=_("報名資料檢核單"))
    width, height = pdf.A4
    org = sitting.organisation

    def page_header():
        canvas.setFont(pdf.CJK_FONT, 15)
        canvas.drawString(40, height - 50, _("報名資料檢核單"))
        canvas.setFont(pdf.CJK_FONT, 9)
        canvas.drawString(40, height - 68, f"{org.name}（{org.group_code}）　統一編號 {org.business_number}")
        canvas.drawString(40, height - 81, f"{sitting.session}　{_('列印日期')} {clock.roc_date(clock.today())}")
        canvas.drawString(40, height - 94, "#　身分證字號　中文姓名　英文姓名　E-mail　考科　考區　金額　狀態")
        return height - 112

    y = page_header()
    for index, registration in enumerate(rows, start=1):
        if y < 80:
            canvas.showPage()
            y = page_header()
        candidate = registration.candidate
        subjects = "、".join(line.subject.code for line in registration.subjects.all() if not line.dropped)
        line = (
            f"{index}　{candidate.national_id}　{candidate.name_zh}　{candidate.name_en}　{candidate.user.email}　"
            f"{subjects}　{registration.region}　{registration.amount}　{registration.get_status_display()}"
        )
        canvas.drawString(40, y, line[:110])
        y -= 14
    y -= 10
    canvas.drawString(
        40, y, _("應匯款總額：%(total)s　匯入：%(bank)s（%(code)s）帳號 %(account)s　戶名 %(holder)s")
        % {"total": format_ntd(total_due), "bank": remittance_account["bank_name"],
           "code": remittance_account["bank_code"], "account": remittance_account["account"],
           "holder": remittance_account["holder"]},
    )  # fmt: skip
    canvas.drawString(40, y - 30, _("團報窗口簽章：＿＿＿＿＿＿＿＿　日期：＿＿＿＿＿＿"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
