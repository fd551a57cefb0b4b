import io
from pathlib import Path

from PIL import Image

from skillcert.core.pdf import CJK_FONT, new_canvas, pdf_text, pdf_to_png, qr_image

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_chinese_is_written_with_an_embedded_font_and_renders(tmp_path):
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, title="測試")
    canvas.setFont(CJK_FONT, 24)
    canvas.drawString(72, 720, "授證資格臨時證明 智慧生產工程師")
    canvas.drawImage(qr_image("https://skillcert.example/certificates/verify/X"), 72, 500, 120, 120)
    canvas.save()
    pdf = buffer.getvalue()

    assert b"/FontFile2" in pdf  # the TrueType font program is inside the PDF
    assert "授證資格臨時證明" in pdf_text(pdf)
    png = pdf_to_png(pdf, ARTIFACTS / "pdf" / "core-cjk.png")
    image = Image.open(png).convert("L")
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 2000  # glyphs and the QR code were drawn, not an empty page
