"""Turn a model's masked rewrite back into spans over the input — or reject it.

Generated text is never trusted: the rewrite must be the input with some segments replaced by
placeholders of our taxonomy (`[EMAIL]`, `[FIRSTNAME_1]`), give or take whitespace. Anything else
— inserted words, altered or dropped text, unknown placeholders, an empty reply — raises
`RewriteRejected`, and the caller falls back to another engine.
"""
from __future__ import annotations

import re

from masking.labels import CANONICAL_LABELS, canonical
from masking.spans import Span, strip_range

_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z0-9_]*?)(?:_\d+)?\]")
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
    pieces = [(kind, _literal(value) if kind == "text" else value) for kind, value in _pieces(rewrite.strip())]
    memo: dict[tuple[int, int, str | None], list[Span] | None] = {}

    def walk(i: int, pos: int, pending: str | None) -> list[Span] | None:
        """Spans for pieces[i:] starting at `pos`, trying each occurrence of a literal that ends a
        placeholder's region until the rest of the reply lines up (the first "." after a phone
        placeholder may sit inside the phone number)."""
        key = (i, pos, pending)
        if key in memo:
            return memo[key]
        result: list[Span] | None = None
        if i == len(pieces):
            if pending is None:
                result = [] if not original[pos:].strip() else None
            else:
                start, end = strip_range(original, pos, len(original))
                result = [Span(start, end, pending, 0.9, source)] if start < end else None
        elif pieces[i][0] == "label":
            result = walk(i + 1, pos, pieces[i][1])
        elif pending is None:
            match = pieces[i][1].match(original, pos)
            result = walk(i + 1, match.end(), None) if match else None
        else:
            for match in pieces[i][1].finditer(original, pos + 1):
                start, end = strip_range(original, pos, match.start())
                if start >= end:
                    continue
                rest = walk(i + 1, match.end(), None)
                if rest is not None:
                    result = [Span(start, end, pending, 0.9, source), *rest]
                    break
        memo[key] = result
        return result

    spans = walk(0, 0, None)
    if spans is None:
        raise RewriteRejected("the reply does not line up with the input: text was changed, added or dropped")
    return spans
