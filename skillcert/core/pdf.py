"""PDFs with Chinese text: reportlab with an embedded TrueType font (AR PL UMing TW from
Debian's fonts-arphic-uming; subset-embedded, so the PDF renders anywhere).

    buffer = io.BytesIO()
    canvas = new_canvas(buffer)
    canvas.setFont(CJK_FONT, 14); canvas.drawString(72, 770, "授證資格臨時證明"); canvas.save()
"""

import functools
import io
import os
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

CJK_FONT = "UMingTW"
FONT_PATH = Path(os.environ.get("SKILLCERT_CJK_FONT", "/usr/share/fonts/truetype/arphic/uming.ttc"))
_TTC_INDEX_TW = 2  # uming.ttc holds CN, HK, TW, TW-MBE; index 2 is the Taiwan face


class FontMissing(RuntimeError):
    pass


def register_fonts() -> None:
    if CJK_FONT in pdfmetrics.getRegisteredFontNames():
        return
    if not FONT_PATH.exists():
        raise FontMissing(f"{FONT_PATH} not found: run `make setup` (installs fonts-arphic-uming)")
    index = _TTC_INDEX_TW if FONT_PATH.suffix == ".ttc" else 0
    font = TTFont(CJK_FONT, str(FONT_PATH), subfontIndex=index)
    # reportlab copies each table it subsets from (the glyph table is megabytes) out of the font
    # file for every PDF; the tables never change, so each is copied once per process
    # (a quarter of the time of a one-page PDF; docs/decisions.md 'Exam notices at 50 PDFs/s').
    font.face.get_table = functools.lru_cache(maxsize=None)(font.face.get_table)
    pdfmetrics.registerFont(font)


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` the embedded font cannot draw (each once, in order): what would
    print as an empty box on a certificate."""
    register_fonts()
    covered = pdfmetrics.getFont(CJK_FONT).face.charToGlyph
    return list(dict.fromkeys(char for char in text if ord(char) not in covered))


def new_canvas(buffer, pagesize=A4, *, title: str = "") -> Canvas:
    register_fonts()
    canvas = Canvas(buffer, pagesize=pagesize)
    canvas.setFont(CJK_FONT, 12)
    if title:
        canvas.setTitle(title)
    return canvas


def qr_image(data: str, *, box_size: int = 6) -> ImageReader:
    image = qrcode.make(data, box_size=box_size, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def pdf_to_png(pdf_bytes: bytes, path: str | Path, *, page: int = 0, scale: float = 2.0) -> Path:
    """Render one page to PNG (pypdfium2, a test/dev dependency), so a person or a test can look."""
    import pypdfium2

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf_bytes)
    document[page].render(scale=scale).to_pil().save(path)
    return path


def pdf_text(pdf_bytes: bytes, *, page: int = 0) -> str:
    """The text layer of one page (pypdfium2): proves the Chinese was written as text."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes)
    return document[page].get_textpage().get_text_range()
