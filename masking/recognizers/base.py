"""How recognizers plug into the rules engine (after Presidio's analyzer, minus its NLP layer).

A recognizer finds candidates with regular expressions, asks a validator what each candidate
is worth (a checksum that passes is near-certain; a bare shape is weaker; a failed hard check
rejects it), and gets a boost when a context word ("card", "IBAN", "DOB") stands just before it.
The rules detector keeps candidates whose final score reaches its threshold.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from masking.spans import Span

# Validators return the score of a candidate, or None to reject it outright.
Validator = Callable[[str], "float | None"]

CONTEXT_WINDOW = 48  # characters before a candidate searched for context words
CONTEXT_BOOST = 0.35


class Recognizer(Protocol):
    name: str

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        """Candidates in `text` (`lowered` is its lower-case copy, shared by all recognizers)."""
        ...


def context_regex(words: Iterable[str], *, whole_words: bool = False) -> re.Pattern[str]:
    """Words are matched as prefixes ("contact" finds "contacter") unless `whole_words`."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")" + (r"\b" if whole_words else ""))


@dataclass
class PatternRecognizer:
    """One label, one or more patterns, an optional validator and context words."""

    name: str
    label: str
    pattern: re.Pattern[str]
    validate: Validator = lambda value: 0.5
    context: Iterable[str] = ()
    group: int | str = 0
    _context_re: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        words = tuple(self.context)
        self._context_re = context_regex(words) if words else None

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        for match in self.pattern.finditer(text):
            start, end = match.span(self.group)
            if start == end:
                continue
            score = self.validate(match.group(self.group))
            if score is None:
                continue
            if self._context_re is not None and has_context(self._context_re, lowered, start):
                score = min(1.0, score + CONTEXT_BOOST)
            yield Span(start, end, self.label, round(score, 3), self.name)


def has_context(regex: re.Pattern[str], lowered: str, start: int) -> bool:
    return regex.search(lowered, max(0, start - CONTEXT_WINDOW), start) is not None


def digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def counted_run(value: str) -> bool:
    """Three or more groups that count up or down by one step (`1920 1921 1922`): years, ids or
    table columns in a row, never one phone or card number."""
    groups = [int(g) for g in re.split(r"[^\d]+", value) if g]
    steps = {b - a for a, b in zip(groups, groups[1:])}
    return len(groups) >= 3 and len(steps) == 1 and 0 not in steps  # `1234 1234 1234 1234` may be a card
