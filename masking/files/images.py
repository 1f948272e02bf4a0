"""Screenshots: text found by OCR (the `ocr` extra: RapidOCR on onnxruntime, its models in its
wheel) is masked line by line, and every masked span is covered by a filled box (Pillow).

A span's box is its share of the line's box, by character offsets; it is widened by a margin so
the edge of a glyph never shows.
"""
from __future__ import annotations

import io
from typing import Callable

Find = Callable[..., list]  # FileMasker.find: spans per text
MARGIN = 0.02  # of the line's width, on each side of a span
_engine = None


def _ocr():
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            from masking.files.masker import UnreadableFile

            raise UnreadableFile("reading text in images needs the OCR extra (pip install 'maskbot[ocr]')") from None
        _engine = RapidOCR()
    return _engine


def ocr_available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def mask_image(data: bytes, find: Find) -> tuple[bytes, list[str]]:
    from PIL import Image, ImageDraw, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        from masking.files.masker import UnreadableFile

        raise UnreadableFile(f"the image could not be read ({type(exc).__name__})") from None
    fmt = image.format or "PNG"
    rgb = image.convert("RGB")
    import numpy as np

    found, _ = _ocr()(np.asarray(rgb)[:, :, ::-1])  # RapidOCR takes BGR arrays, as OpenCV does
    lines = [(box, text) for box, text, _score in (found or []) if text.strip()]
    views = [respaced(text) for _, text in lines]
    labels = []
    draw = ImageDraw.Draw(rgb)
    for (box, text), (view, origin), spans in zip(lines, views, find([view for view, _ in views])):
        for span in spans:
            start, end = origin[span.start], origin[span.end - 1] + 1
            draw.rectangle(_sub_box(box, start, end, len(text)), fill="black")
            labels.append(span.label)
    out = io.BytesIO()
    rgb.save(out, format=fmt)
    return out.getvalue(), labels


def respaced(text: str) -> tuple[str, list[int]]:
    """OCR drops spaces ("Phone+14155550134(MariaGarcia)"): put them back where words meet (a
    lower-case letter before a capital, a letter or digit before `+` or `(`, `)` before a letter),
    with each character's offset in the line as read."""
    out, origin = [], []
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        if before and ((before.islower() and char.isupper()) or (before.isalnum() and char in "+(")
                       or (before in ")," and char.isalnum())):
            out.append(" ")
            origin.append(i)
        out.append(char)
        origin.append(i)
    return "".join(out), origin


def _sub_box(box, start: int, end: int, length: int) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    width = right - left
    x0 = left + width * max(0.0, start / max(1, length) - MARGIN)
    x1 = left + width * min(1.0, end / max(1, length) + MARGIN)
    return x0, top - 2, x1, bottom + 2
