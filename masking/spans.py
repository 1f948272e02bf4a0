"""The data that flows through the engine: detected spans and masking results.

Offsets always index the *original* text (as Slack delivered it, escapes included), so a
caller can rebuild or audit the masking without trusting any rendered output.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    label: str
    score: float = 1.0
    source: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}:{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True)
class MaskResult:
    original: str
    masked_text: str
    spans: tuple[Span, ...]
    engine: str
    elapsed_ms: float
    warnings: tuple[str, ...] = field(default=())

    @property
    def labels(self) -> list[str]:
        """Distinct labels found, in order of first appearance: what may be shown to users."""
        return list(dict.fromkeys(s.label for s in self.spans))

    @property
    def changed(self) -> bool:
        return bool(self.spans)


def strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """`start:end` without leading and trailing whitespace (possibly empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Learned detectors are good at *whether* something is personal data; validated rules are better
# at *what* it is (a MAC address is not a time). When they overlap, a rule names the span.
LEARNED_SOURCES = frozenset({"local", "gemini"})


def _rank(span: Span) -> tuple:
    # A rule's label first, then higher score, longer span, fixed label order: deterministic.
    return (span.source not in LEARNED_SOURCES, span.score, len(span), span.label)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Resolve overlaps and containments into disjoint, sorted spans.

    Overlapping spans are merged into one span covering their union, so nothing either
    detector flagged is left visible; the merged span takes the label and score of its
    best-ranked member. Spans that merely touch stay separate.
    """
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label))
    merged: list[Span] = []
    group: list[Span] = []
    group_end = -1
    for span in ordered:
        if group and span.start < group_end:
            group.append(span)
            group_end = max(group_end, span.end)
            continue
        if group:
            merged.append(_collapse(group, group_end))
        group, group_end = [span], span.end
    if group:
        merged.append(_collapse(group, group_end))
    return merged


def _collapse(group: list[Span], end: int) -> Span:
    best = max(group, key=_rank)
    if len(group) == 1:
        return best
    return Span(group[0].start, end, best.label, best.score, best.source)
