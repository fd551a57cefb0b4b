"""The reports the back office offers: slug, title, the roles that may read it (admin always
may), and the selector that computes it. Finance reads the money; the item officer reads
registrations, seats, attendance, pass rates and certificates."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import StaffRole

from . import selectors

OFFICER = (StaffRole.ITEM_OFFICER,)
FINANCE = (StaffRole.FINANCE,)


@dataclass(frozen=True)
class Report:
    slug: str
    title: Promise
    roles: tuple
    compute: Callable


REPORTS = {
    report.slug: report
    for report in (
        Report("registrations-per-day", _("每日報名人數（累計）"), OFFICER, selectors.registrations_per_day),
        Report("registrations-by-level", _("各級等報名人數"), OFFICER, selectors.registrations_by_level),
        Report("registrations-by-subject", _("各考科報名人數"), OFFICER, selectors.registrations_by_subject),
        Report("registrations-by-region", _("各考區報名人數"), OFFICER, selectors.registrations_by_region),
        Report("registrations-by-plan", _("各費用方案報名人數"), OFFICER, selectors.registrations_by_plan),
        Report("registrations-by-school", _("各學校/服務單位報名人數"), OFFICER, selectors.registrations_by_school),
        Report("seats", _("座位占用與限額"), OFFICER, selectors.seats),
        Report("money-by-day", _("每日應繳、入帳、銷帳、待處理與退費"), FINANCE, selectors.money_by_day),
        Report("bank-files", _("銀行入帳檔總額與銷帳總額"), FINANCE, selectors.bank_files),
        Report("group-outstanding", _("團體報名未繳款項"), FINANCE, selectors.group_outstanding),
        Report("attendance", _("各考科到考與缺考"), OFFICER, selectors.attendance),
        Report("pass-rates-by-subject", _("各考科及格率"), OFFICER, selectors.pass_rates_by_subject),
        Report("pass-rates-by-level", _("各級等及格率"), OFFICER, selectors.pass_rates_by_level),
        Report("pass-rates-by-region", _("各考區及格率"), OFFICER, selectors.pass_rates_by_region),
        Report("pass-rates-by-school", _("各學校/服務單位及格率"), OFFICER, selectors.pass_rates_by_school),
        Report("certificates", _("證書核發、換發、補發與撤銷"), OFFICER, selectors.certificates),
    )
}
