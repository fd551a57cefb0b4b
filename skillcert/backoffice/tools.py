"""The back office's tools, as its index lists them: one row per tool with the roles its view
admits (the same tuples the views' `role_required` use, so a link is shown exactly to those
who may open it; tests/backoffice/test_index.py checks every row against its view)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.cbt_analysis import ANALYSTS
from skillcert.cbt.access import FORM_BUILDERS, WRITERS
from skillcert.cbt.proctoring import PROCTORS

R = StaffRole


@dataclass(frozen=True)
class Tool:
    section: Promise
    label: Promise
    url_name: str
    roles: tuple[str, ...] = ()
    perm: str = ""  # an admin page: shown to those holding this model permission

    def allows(self, user) -> bool:
        return user.has_perm(self.perm) if self.perm else user.has_role(*self.roles)

    def url(self) -> str:
        return reverse(self.url_name)


FINANCE = _("財務")
REGISTRATIONS = _("報名與審查")
EXAM = _("考務與成績")
RECORDS = _("紀錄與報表")

TOOLS = (
    Tool(FINANCE, _("銀行入帳檔匯入"), "backoffice_tools:payment_upload", (R.FINANCE,)),
    Tool(FINANCE, _("入帳待處理"), "backoffice_tools:payment_queue", (R.FINANCE,)),
    Tool(FINANCE, _("退費申請"), "backoffice_tools:refund_queue", (R.FINANCE,)),
    Tool(FINANCE, _("電子發票匯出"), "backoffice_tools:einvoice_export", (R.FINANCE,)),
    Tool(REGISTRATIONS, _("資格審查"), "backoffice_tools:review_queue", (R.ITEM_OFFICER,)),
    Tool(REGISTRATIONS, _("團體報名作業"), "backoffice_tools:groups_index", (R.ITEM_OFFICER, R.FINANCE)),
    Tool(REGISTRATIONS, _("團體異動申請"), "backoffice_tools:groups_change_requests", (R.ITEM_OFFICER,)),
    Tool(EXAM, _("考場與座位"), "backoffice_tools:examday_index", (R.ITEM_OFFICER, R.VENUE)),
    Tool(EXAM, _("試場資料袋與點名"), "backoffice_tools:examday_kits", (R.VENUE,)),
    Tool(EXAM, _("電腦應試試場監控"), "backoffice_tools:examday_consoles", PROCTORS),
    Tool(EXAM, _("梯次延期與停辦"), "backoffice_tools:sessions_index", (R.ITEM_OFFICER, R.VENUE)),
    Tool(EXAM, _("題庫"), "backoffice_tools:cbt_index", (*WRITERS, *FORM_BUILDERS)),
    Tool(EXAM, _("試題分析"), "backoffice_tools:cbt_analysis_index", ANALYSTS),
    Tool(EXAM, _("成績作業"), "backoffice_tools:scoring_index", (R.REVIEWER, R.ITEM_OFFICER)),
    Tool(EXAM, _("成績複查"), "backoffice_tools:scoring_reviews", (R.REVIEWER,)),
    Tool(EXAM, _("證書作業"), "backoffice_tools:certificate_queue", (R.REVIEWER,)),
    Tool(EXAM, _("證書寄發"), "backoffice_tools:certificate_mailing", (R.REVIEWER,)),
    Tool(RECORDS, _("統計報表"), "backoffice_tools:reports_index", (R.ITEM_OFFICER, R.FINANCE)),
    Tool(RECORDS, _("稽核紀錄查詢"), "backoffice_tools:audit_search", (R.ADMIN,)),
    Tool(RECORDS, _("通知訊息紀錄"), "backoffice:notifications_message_changelist", perm="notifications.view_message"),
    Tool(RECORDS, _("名單匯出"), "backoffice_tools:exports_index", (R.ITEM_OFFICER, R.FINANCE, R.REVIEWER)),
)


def tools_for(user) -> list[dict]:
    """The sections and links `user` may use, in the order above."""
    if not (user.is_authenticated and getattr(user, "kind", "") == "staff"):
        return []
    sections: dict = {}
    for tool in TOOLS:
        if tool.allows(user):
            sections.setdefault(tool.section, []).append({"label": tool.label, "url": tool.url()})
    return [{"name": name, "tools": links} for name, links in sections.items()]
