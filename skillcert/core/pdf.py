"""PDFs with Chinese text: reportlab with an embedded TrueType font (AR PL UMing TW from
Debian's fonts-arphic-uming; subset-embedded, so the PDF renders anywhere).

    buffer = io.BytesIO()
    canvas = new_canvas(buffer)
    canvas.setFont(CJK_FONT, 14); canvas.drawString(72, 770, "授證資格臨時證明"); canvas.save()
"""

import functools
import io
import os
import types
import zlib
from pathlib import Path

import qrcode
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
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
    # The same glyph subset is cut from the font and compressed once per process, not per PDF
    # (with `reserve_glyphs` a document's fixed text fills the same first subset every time).
    font.face.addSubsetObjects = types.MethodType(_add_subset_objects, font.face)
    font.addObjects = types.MethodType(_add_objects, font)
    # Page streams compressed, not also ASCII85-encoded (a third of a page's cost in pure Python).
    rl_config.useA85 = 0
    pdfmetrics.registerFont(font)


class _Formatted(pdfdoc.PDFObject):
    """A PDF value already written out (a subset's widths, formatted once per process)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document):
        return self.data


def _stream(content: bytes, compressed: bool, **entries) -> pdfdoc.PDFStream:
    """A stream whose content is already encoded (a preset Filter skips reportlab's encoding)."""
    stream = pdfdoc.PDFStream(content=content)
    stream.dictionary.dict.update(entries)
    if compressed:
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return stream


@functools.lru_cache(maxsize=64)
def _font_file(face, subset: tuple[int, ...], compress: bool) -> tuple[bytes, int]:
    content = face.makeSubset(list(subset))
    return (zlib.compress(content) if compress else content), len(content)


@functools.lru_cache(maxsize=64)
def _subset_widths_and_cmap(face, base_name: str, subset: tuple[int, ...], compress: bool) -> tuple[bytes, bytes]:
    widths = pdfdoc.format(pdfdoc.PDFArray([face.getCharWidth(code) for code in subset]), None)
    cmap = ttfonts.makeToUnicodeCMap(base_name, list(subset)).encode("latin-1")
    return widths, zlib.compress(cmap) if compress else cmap


def _add_objects(font, doc) -> None:
    """reportlab's `TTFont.addObjects` (5.1): a Font object per subset of 256 characters used in
    `doc`, with each subset's widths and ToUnicode map (what makes the text extractable) cached."""
    state = font.state.get(doc) or font.state.setdefault(doc, TTFont.State(font._asciiReadable))
    state.frozen = 1
    for n, subset in enumerate(state.subsets):
        internal_name = font.getSubsetInternalName(n, doc)[1:]
        base_name = b"".join((ttfonts.SUBSETN(n), b"+", font.face.name, font.face.subfontNameX)).decode("pdfdoc")
        widths, cmap = _subset_widths_and_cmap(font.face, base_name, tuple(subset), bool(doc.compression))
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.__Comment__ = f"Font {font.fontName} subset {n}"
        pdf_font.Name = internal_name
        pdf_font.BaseFont = base_name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        pdf_font.Widths = _Formatted(widths)
        pdf_font.ToUnicode = doc.Reference(_stream(cmap, bool(doc.compression)), "toUnicodeCMap:" + base_name)
        pdf_font.FontDescriptor = font.face.addSubsetObjects(doc, base_name, subset)
        doc.Reference(pdf_font, internal_name)
        doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
    del font.state[doc]


def _add_subset_objects(face, doc, fontname, subset):
    """reportlab's `TTFontFace.addSubsetObjects` (5.1), with the font file of the subset cached:
    the stream is written already compressed (a preset Filter skips reportlab's own encoding)."""
    content, length = _font_file(face, tuple(subset), bool(doc.compression))
    stream = _stream(content, bool(doc.compression), Length1=length)
    stream_ref = doc.Reference(stream, f"fontFile:{face.filename}({fontname})")
    descriptor = pdfdoc.PDFDictionary(
        {
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": stream_ref,
            "MissingWidth": face.defaultWidth,
        }
    )
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


def reserve_glyphs(canvas: Canvas, text: str) -> None:
    """Give the characters of `text` their codes in this document first, in this order, so a
    document whose fixed wording is reserved first embeds the same (cached) first font subsets
    whatever its variable text (names, addresses) adds after them."""
    pdfmetrics.getFont(CJK_FONT).splitString(text, canvas._doc)


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
