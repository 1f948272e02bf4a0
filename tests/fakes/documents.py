"""Files people share, generated: a CSV, a JSON log, a PDF, a .docx, an .xlsx and a screenshot,
each holding the PII listed in `PII`, for the file tests and `benchmarks/files.py`."""
from __future__ import annotations

import io
import json

PII = ("maria.garcia@example.com", "+1 415 555 0134", "Maria Garcia", "ann.lee@example.com", "+44 20 7946 0958")
ROWS = [("name", "email", "phone", "plan"), ("Maria Garcia", "maria.garcia@example.com", "+1 415 555 0134", "pro"),
        ("Ann Lee", "ann.lee@example.com", "+44 20 7946 0958", "team"), ("Acme Corp", "", "", "enterprise")]
LINES = ["Customer escalation for Maria Garcia", "Contact: maria.garcia@example.com, phone +1 415 555 0134",
         "Backup contact Ann Lee at ann.lee@example.com"]


def csv_file(rows: int = 0) -> bytes:
    body = [",".join(row) for row in ROWS]
    for i in range(rows):
        body.append(f"Maria Garcia,maria.garcia{i}@example.com,+1 415 555 {i % 10000:04d},pro")
    return ("\n".join(body) + "\n").encode()


def json_log() -> bytes:
    events = [{"level": "info", "msg": "login ok", "user": {"first_name": "Maria", "last_name": "Garcia",
                                                            "email": "maria.garcia@example.com"}},
              {"level": "warn", "msg": "callback to +1 415 555 0134 failed", "attempt": 3}]
    return "\n".join(json.dumps(e) for e in events).encode() + b"\n"


def pdf(lines: list[str] = LINES, encrypt: str = "") -> bytes:
    """A one-page PDF with a text layer, written by hand (Helvetica, one line per text line)."""
    text = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    data = out.getvalue()
    if encrypt:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(encrypt)
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    return data


def docx_file() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.author = "Maria Garcia"
    for line in LINES:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Owner", "Ann Lee"
    table.cell(1, 0).text, table.cell(1, 1).text = "Phone", "+44 20 7946 0958"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in ROWS:
        sheet.append(list(row))
    sheet.append(["total", "=COUNTA(A2:A4)", "", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def screenshot(lines: list[str] = LINES, size: int = 22) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=size)
    image = Image.new("RGB", (40 + 16 * max(map(len, lines)) * size // 22, 30 + len(lines) * (size + 20)), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((20, 15 + number * (size + 20)), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


SAMPLES = {"customers.csv": csv_file, "events.json": json_log, "contract.pdf": pdf, "notes.docx": docx_file,
           "accounts.xlsx": xlsx_file, "console.png": screenshot}
