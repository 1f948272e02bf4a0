"""Turn a model's masked rewrite back into spans over the input — or reject it.

Generated text is never trusted: the rewrite must be the input with some segments replaced by
placeholders of our taxonomy (`[EMAIL]`, `[FIRSTNAME_1]`), give or take whitespace. Anything else
— inserted words, altered or dropped text, unknown placeholders, an empty reply — raises
`RewriteRejected`, and the caller falls back to another engine.
"""
from __future__ import annotations

import re

from masking.labels import CANONICAL_LABELS, canonical
from masking.spans import Span

_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*?)(?:_\d+)?\]")
_SPACE = re.compile(r"\s+")


class RewriteRejected(ValueError):
    pass


def _pieces(rewrite: str) -> list[tuple[str, str]]:
    """('text', literal) and ('label', LABEL) pieces; unknown placeholders stay literal."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(rewrite):
        label = canonical(match.group(1))
        if label not in CANONICAL_LABELS:
            continue
        if match.start() > pos:
            pieces.append(("text", rewrite[pos:match.start()]))
        if not (pieces and pieces[-1][0] == "label"):  # "[FIRSTNAME][LASTNAME]": one region
            pieces.append(("label", label))
        pos = match.end()
    if pos < len(rewrite):
        pieces.append(("text", rewrite[pos:]))
    return pieces


def _literal(text: str) -> re.Pattern[str]:
    """A literal that matches the input up to whitespace differences."""
    if not text.strip():
        return re.compile(r"\s+")
    parts = [re.escape(part) for part in _SPACE.split(text)]
    return re.compile(r"\s*".join(parts))


def align(original: str, rewrite: str, source: str = "model") -> list[Span]:
    if not rewrite or not rewrite.strip():
        raise RewriteRejected("empty reply")
    pieces = _pieces(rewrite.strip())
    spans: list[Span] = []
    pos = 0
    pending: str | None = None  # a placeholder waiting for the next literal to end its region
    for kind, value in pieces:
        if kind == "label":
            pending = value
            continue
        literal = _literal(value)
        if pending is None:
            match = literal.match(original, pos)
            if match is None:
                raise RewriteRejected("the reply changes or adds text")
        else:
            match = literal.search(original, pos + 1)
            if match is None:
                raise RewriteRejected("the reply's text after a placeholder is not in the input")
            start, end = _strip(original, pos, match.start())
            if start >= end:
                raise RewriteRejected("a placeholder replaces nothing")
            spans.append(Span(start, end, pending, 0.9, source))
            pending = None
        pos = match.end()
    if pending is not None:
        start, end = _strip(original, pos, len(original))
        if start >= end:
            raise RewriteRejected("a placeholder replaces nothing")
        spans.append(Span(start, end, pending, 0.9, source))
        pos = len(original)
    if original[pos:].strip():
        raise RewriteRejected("the reply drops text")
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
