"""PDF, Word and Excel files, read with pypdf, python-docx and openpyxl.

Word and Excel files are masked in place and stay documents of their kind (a paragraph that
held PII keeps its first run's formatting for the whole masked paragraph; author fields are
cleared). A PDF's text layer is masked into a text rendition: rewriting a PDF's drawn text
faithfully is not possible in general, and the note to its author says so.
"""
from __future__ import annotations

import io
from typing import Callable

Texts = Callable[..., tuple[list[str], list[str]]]


def _unreadable(reason: str):
    from masking.files.masker import UnreadableFile

    return UnreadableFile(reason)


def mask_pdf(data: bytes, texts: Texts) -> tuple[bytes, list[str], bool]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _unreadable("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        if type(exc).__name__ == "UnreadableFile":
            raise
        raise _unreadable(f"the PDF could not be read ({type(exc).__name__})") from None
    if not any(page.strip() for page in pages):
        raise _unreadable("the PDF has no text layer (a scan); maskbot does not read scanned PDFs")
    masked, labels = texts(pages)
    rendition = "\n\n".join(f"--- page {number} ---\n{text}" for number, text in enumerate(masked, 1))
    return rendition.encode("utf-8"), labels, True


def mask_docx(data: bytes, texts: Texts) -> tuple[bytes, list[str], bool]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise _unreadable(f"the Word file could not be read ({type(exc).__name__})") from None
    paragraphs = [p for p in _paragraphs(document) if p.text.strip()]
    masked, labels = texts([p.text for p in paragraphs])
    for paragraph, new in zip(paragraphs, masked):
        if new != paragraph.text and paragraph.runs:
            paragraph.runs[0].text = new
            for run in paragraph.runs[1:]:
                run.text = ""
    properties = document.core_properties
    properties.author = properties.last_modified_by = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), labels, False


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def mask_xlsx(data: bytes, texts: Texts) -> tuple[bytes, list[str], bool]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a bad file
        raise _unreadable(f"the Excel file could not be read ({type(exc).__name__})") from None
    cells, cues = [], []
    for sheet in book.worksheets:
        header = {cell.column: str(cell.value) for cell in next(sheet.iter_rows(max_row=1), ()) if cell.value}
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() and not cell.value.startswith("="):
                    cells.append(cell)
                    cues.append(header.get(cell.column, "") if cell.row > 1 else "")
    masked, labels = texts([c.value for c in cells], cues)
    for cell, new in zip(cells, masked):
        if new != cell.value:
            cell.value = new
    book.properties.creator = book.properties.lastModifiedBy = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), labels, False


MASKERS = {"pdf": mask_pdf, "word": mask_docx, "sheet": mask_xlsx}
