"""Gold examples from JSONL in any of the layouts we meet.

- ours / the shared reference data: `{"text", "spans": [{"start", "end", "label"}]}`
- ai4privacy 200k, current revision: `{"source_text", "privacy_mask": [{"value", "start", "end", "label"}]}`
- ai4privacy 200k, older revision: `{"unmasked_text", "masked_text", "privacy_mask": {"[CITY_1]": "value"}}`
- annotated text (`.txt`, our hand-written development sets): messages separated by `~~~` lines,
  each opened by an `@category` line, values marked inline as `[[value|LABEL]]`
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from masking.spans import Span


@dataclass(frozen=True)
class GoldExample:
    text: str
    spans: tuple[Span, ...]
    language: str = ""
    category: str = ""


class GoldFormatError(ValueError):
    pass


def load_gold(path: str | Path, limit: int | None = None) -> list[GoldExample]:
    return list(iter_gold(path, limit))


def iter_gold(path: str | Path, limit: int | None = None) -> Iterator[GoldExample]:
    if str(path).endswith(".txt"):
        yield from list(parse_annotated(Path(path).read_text(encoding="utf-8")))[:limit]
        return
    with open(path, encoding="utf-8") as handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            try:
                yield parse_gold_row(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise GoldFormatError(f"{path}:{number}: {exc}") from None
            count += 1


def parse_gold_row(row: dict) -> GoldExample:
    language = row.get("language") or ""
    mask = row.get("privacy_mask")
    if isinstance(mask, str):  # the hub mirror of the older layout stores it as text
        row = {**row, "privacy_mask": _decode_mask(mask)}
    elif mask is not None and not isinstance(mask, (list, dict)) and hasattr(mask, "tolist"):
        row = {**row, "privacy_mask": mask.tolist()}  # parquet through pandas: a numpy array of dicts
    if "text" in row and "spans" in row:
        return GoldExample(row["text"], _spans(row["text"], row["spans"]), language)
    if "source_text" in row and isinstance(row.get("privacy_mask"), list):
        return GoldExample(row["source_text"], _spans(row["source_text"], row["privacy_mask"]), language)
    if "unmasked_text" in row and isinstance(row.get("privacy_mask"), list):  # older text, newer span list
        return GoldExample(row["unmasked_text"], _spans(row["unmasked_text"], row["privacy_mask"]), language)
    if "unmasked_text" in row and isinstance(row.get("privacy_mask"), dict):
        text = row["unmasked_text"]
        return GoldExample(text, tuple(_align_placeholders(text, row["masked_text"], row["privacy_mask"])), language)
    raise ValueError("row has neither text+spans, source_text+privacy_mask nor unmasked_text+privacy_mask")


def _decode_mask(raw: str):
    """A `privacy_mask` column stored as text: JSON, or a Python literal (single quotes)."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        import ast

        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            raise ValueError("privacy_mask is text that is neither JSON nor a literal") from None


def _spans(text: str, raw: list[dict]) -> tuple[Span, ...]:
    spans = []
    for item in raw:
        start, end = int(item["start"]), int(item["end"])
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}:{end} outside a text of {len(text)} characters")
        spans.append(Span(start, end, re.sub(r"_\d+$", "", str(item["label"]))))  # `FIRSTNAME_1`: the older numbering
    return tuple(sorted(spans))


_MARK = re.compile(r"\[\[(.+?)\|([A-Z_]+)\]\]", re.S)


def parse_annotated(source: str) -> Iterator[GoldExample]:
    """Messages of an annotated text file (see the module docstring); `#` lines before the first
    message are comments."""
    for block in re.split(r"(?m)^~~~[ \t]*\n", source)[1:]:
        header, _, body = block.partition("\n")
        if not header.startswith("@"):
            raise ValueError(f"a message must start with an @category line, not {header[:40]!r}")
        body = body[:-1] if body.endswith("\n") else body
        text, spans, pos = [], [], 0
        for match in _MARK.finditer(body):
            text.append(body[pos:match.start()])
            start = sum(map(len, text))
            text.append(match.group(1))
            spans.append(Span(start, start + len(match.group(1)), match.group(2)))
            pos = match.end()
        text.append(body[pos:])
        yield GoldExample("".join(text), tuple(spans), "en", header[1:].strip())


# `[FIRSTNAME]`, `[CITY_1]`, and labels with a digit of their own: `[IPV4_1]`, `[IPV6_2]`.
_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z0-9_]*?)(?:_\d+)?\]")


def _align_placeholders(text: str, masked: str, mapping: dict[str, str]) -> list[Span]:
    """Recover offsets by walking the masked text: literal pieces advance, placeholders consume
    their value from the original."""
    spans: list[Span] = []
    pos = 0
    cursor = 0
    for match in _PLACEHOLDER.finditer(masked):
        literal = masked[cursor : match.start()]
        found = text.find(literal, pos) if literal else pos
        if found < 0:
            raise ValueError("masked_text does not align with unmasked_text")
        pos = found + len(literal)
        value = mapping.get(match.group(0))
        if value is None:
            raise ValueError(f"placeholder {match.group(0)} missing from privacy_mask")
        start = text.find(value, pos)
        if start < 0:
            raise ValueError(f"value for {match.group(0)} not found in unmasked_text")
        spans.append(Span(start, start + len(value), match.group(1)))
        pos = start + len(value)
        cursor = match.end()
    return spans
