"""Screenshots: text found by OCR (the `ocr` extra: RapidOCR on onnxruntime, its models in its
wheel) is masked line by line, and every masked span is covered by a filled box (Pillow).

OCR reports a box per character: a masked span is covered by the union of its characters' boxes,
padded so no glyph edge shows.
"""
from __future__ import annotations

import io
import re
from typing import Callable

from masking.name_prior import is_known_name

Find = Callable[..., list]  # FileMasker.find: spans per text
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

    found, _ = _ocr()(np.asarray(rgb)[:, :, ::-1], return_word_box=True)  # BGR, as OpenCV reads
    lines = [line for line in found or [] if len(line) >= 5 and line[1].strip() and len(line[3]) == len(line[4])]
    views = [respaced(list(line[4])) for line in lines]
    labels = []
    draw = ImageDraw.Draw(rgb)
    for line, (view, origin), spans in zip(lines, views, find([view for view, _ in views])):
        boxes = line[3]
        for span in spans:
            chars = sorted({origin[i] for i in range(span.start, span.end) if origin[i] is not None})
            for run in _runs(chars):
                draw.rectangle(_cover([boxes[i] for i in run]), fill="black")
            labels.append(span.label)
    out = io.BytesIO()
    rgb.save(out, format=fmt)
    return out.getvalue(), labels


_GLUED = re.compile(r"\b([A-Z][a-z]{2,})(at|and|is|to|on|in|from|for|the|will|has|was|said)\b")


def respaced(chars: list[str]) -> tuple[str, list[int | None]]:
    """OCR drops spaces ("ReachLauraat+14155554185"): put them back where words visibly meet (a
    lower-case letter before a capital, a letter beside a digit, `+`, `(` or `<` after a word) and
    after a known name glued to a short word ("Lauraat"). The gaps between character boxes are no
    guide: inside words they are as wide as between them. Each character of the result maps to
    the OCR character it came from (None for an inserted space)."""
    out: list[str] = []
    origin: list[int | None] = []
    for i, char in enumerate(chars):
        before = chars[i - 1] if i else ""
        if before and ((before.islower() and char.isupper()) or (before.isalpha() and char.isdigit())
                       or (before.isdigit() and char.isalpha()) or (before.isalnum() and char in "+(<")
                       or (before in ")>," and char.isalnum())):
            out.append(" ")
            origin.append(None)
        out.append(char)
        origin.append(i)
    text = "".join(out)
    for match in reversed(list(_GLUED.finditer(text))):
        if is_known_name(match.group(1)):
            at = match.start(2)
            text = text[:at] + " " + text[at:]
            origin.insert(at, None)
    return text, origin


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _cover(boxes: list) -> tuple[float, float, float, float]:
    """The rectangle over these characters' boxes, a little wider so no glyph edge shows."""
    xs = [p[0] for box in boxes for p in box]
    ys = [p[1] for box in boxes for p in box]
    pad = max(2.0, (max(ys) - min(ys)) * 0.25)
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
