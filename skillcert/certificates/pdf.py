"""The certificate PDF and the 授證資格臨時證明, drawn with reportlab and the embedded CJK font.
Each carries a QR code (and a clickable link) to the certificate's public verification page."""

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from skillcert.core import clock
from skillcert.core.pdf import CJK_FONT, new_canvas, qr_image

from .models import Certificate
from .services import verify_url

ISSUER = "經濟部"


def _validity(certificate: Certificate) -> str:
    start = clock.roc_date(certificate.valid_from, weekday=False)
    if certificate.valid_until is None:
        return f"{start} 起永久有效"
    return f"{start} ～ {clock.roc_date(certificate.valid_until, weekday=False)}"


def _qr(canvas, certificate: Certificate, x: float, y: float, size: float) -> None:
    url = verify_url(certificate)
    canvas.drawImage(qr_image(url), x, y, size, size)
    canvas.linkURL(url, (x, y, x + size, y + size), relative=0)
    canvas.setFont(CJK_FONT, 7)
    canvas.drawCentredString(x + size / 2, y - 9, "掃描 QR Code 查驗證書真偽")
    canvas.setFont(CJK_FONT, 6)
    canvas.drawRightString(x + size, y - 18, url)


def _centred(canvas, text: str, y: float, size: int, width: float) -> None:
    canvas.setFont(CJK_FONT, size)
    canvas.drawCentredString(width / 2, y, text)


def certificate_pdf(certificate: Certificate) -> bytes:
    """A4 landscape: issuer, title, holder, item and level, number, validity, QR code."""
    return certificates_pdf([certificate], title=f"能力鑑定證書 {certificate.number}")


def certificates_pdf(certificates, *, title: str) -> bytes:
    """Certificates one per page in one PDF (a print batch goes to the printer as one file)."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = new_canvas(buffer, pagesize=(width, height), title=title)
    for certificate in certificates:
        _draw_certificate(canvas, certificate, width, height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_certificate(canvas, certificate: Certificate, width: float, height: float) -> None:
    level = certificate.level
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    _centred(canvas, f"{ISSUER}產業人才能力鑑定證書", height - 45 * mm, 28, width)
    _centred(canvas, "iPAS Certificate of Competency", height - 55 * mm, 12, width)
    _centred(canvas, certificate.holder_name, height - 80 * mm, 30, width)
    if certificate.holder_name_en:
        _centred(canvas, certificate.holder_name_en, height - 90 * mm, 12, width)
    _centred(
        canvas,
        f"參加{ISSUER}產業人才能力鑑定合格，取得「{level.brochure.item.name_zh}」{level.get_rank_display()}能力鑑定證書。",
        height - 108 * mm,
        15,
        width,
    )
    canvas.setFont(CJK_FONT, 12)
    lines = [
        f"證書字號：{certificate.number}",
        f"發證日期：{clock.roc_date(certificate.issued_on, weekday=False)}",
        f"有效期間：{_validity(certificate)}",
    ]
    if certificate.replaces_id:
        lines.append(f"{certificate.get_kind_display()}（原證書 {certificate.replaces.number} 失效）")
    for i, line in enumerate(lines):
        canvas.drawString(30 * mm, 55 * mm - i * 8 * mm, line)
    _qr(canvas, certificate, width - 62 * mm, 30 * mm, 40 * mm)


def temporary_proof_pdf(certificate: Certificate) -> bytes:
    """授證資格臨時證明: printable by the holder until the certificate arrives by post."""
    buffer = io.BytesIO()
    width, height = A4
    canvas = new_canvas(buffer, pagesize=A4, title=f"授證資格臨時證明 {certificate.number}")
    level = certificate.level
    _centred(canvas, "授證資格臨時證明", height - 40 * mm, 24, width)
    _centred(canvas, "Temporary Proof of Certification", height - 49 * mm, 11, width)
    canvas.setFont(CJK_FONT, 13)
    lines = [
        f"姓名：{certificate.holder_name}",
        f"鑑定項目：{level.brochure.item.name_zh}",
        f"級等：{level.get_rank_display()}",
        f"證書字號：{certificate.number}",
        f"取得授證資格日期：{clock.roc_date(certificate.issued_on, weekday=False)}",
        f"證書效期：{_validity(certificate)}",
    ]
    for i, line in enumerate(lines):
        canvas.drawString(25 * mm, height - 75 * mm - i * 10 * mm, line)
    canvas.setFont(CJK_FONT, 10)
    note = "本證明僅供證書寄達前使用；實體證書由執行單位以掛號寄出。真偽請掃描右側 QR Code 查驗。"
    canvas.drawString(25 * mm, height - 145 * mm, note)
    canvas.drawString(25 * mm, height - 152 * mm, f"列印日期：{clock.roc_date(clock.today(), weekday=False)}")
    _qr(canvas, certificate, width - 65 * mm, height - 125 * mm, 40 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
