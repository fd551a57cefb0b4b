"""The printable copy of an issued e-invoice 電子發票證明聯 (any `einvoice.Document`): number,
date in the 民國 calendar, buyer's title and 統一編號, items, sales amount, tax and the
tax-inclusive total — the same figures as the MIG message."""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from skillcert.core import clock, pdf
from skillcert.core.money import format_ntd

from .einvoice import Document, tax_split

LINES_PER_PAGE = 30


@translation.override(settings.LANGUAGE_CODE)  # an invoice is written in zh-Hant, whoever asks
def invoice_pdf(document: Document) -> bytes:
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, title=_("電子發票證明聯"))
    width, height = pdf.A4
    seller = settings.INVOICE_SELLER
    sales, tax = tax_split(document.total, b2b=document.is_b2b)

    def header():
        canvas.setFont(pdf.CJK_FONT, 16)
        canvas.drawString(50, height - 60, _("電子發票證明聯"))
        canvas.setFont(pdf.CJK_FONT, 10)
        rows = [
            _("發票號碼：%(number)s") % {"number": document.number},
            _("開立日期：%(date)s") % {"date": clock.roc_date(document.issued_at, weekday=False)},
            _("賣方：%(name)s　統一編號 %(id)s") % {"name": seller["name"], "id": seller["business_number"]},
            _("買受人：%(name)s") % {"name": document.buyer_name},
            _("買受人統一編號：%(id)s") % {"id": document.business_number or "—"},
        ]
        for index, text in enumerate(rows):
            canvas.drawString(50, height - 85 - 15 * index, text)
        canvas.drawString(50, height - 170, _("品名　數量　單價　金額（含稅）"))
        return height - 188

    y = header()
    for index, line in enumerate(document.lines):
        if index and index % LINES_PER_PAGE == 0:
            canvas.showPage()
            y = header()
        canvas.drawString(
            50, y, f"{line.description}　{line.quantity}　{format_ntd(line.unit_price)}　{format_ntd(line.amount)}"
        )
        y -= 14
    y -= 10
    for text in (
        _("銷售額：%(amount)s") % {"amount": format_ntd(sales)},
        _("稅額（5%%）：%(amount)s") % {"amount": format_ntd(tax)},
        _("總計（含稅）：%(amount)s") % {"amount": format_ntd(document.total)},
    ):
        canvas.drawString(50, y, text)
        y -= 15
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
