"""PDF checks shared by the exam-day tests: every page's text, and the embedded font."""

from skillcert.core.pdf import pdf_text


def page_texts(body: bytes) -> list[str]:
    import pypdfium2

    assert b"/FontFile2" in body  # the Chinese font is embedded
    return [pdf_text(body, page=n) for n in range(len(pypdfium2.PdfDocument(body)))]
