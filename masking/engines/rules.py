"""The rules detector: validated patterns, high precision, no model, microseconds per message."""
from __future__ import annotations

from typing import Iterable

from masking.recognizers import ALL, Recognizer
from masking.spans import Span

DEFAULT_THRESHOLD = 0.5


class RulesDetector:
    name = "rules"

    def __init__(self, recognizers: Iterable[Recognizer] = ALL, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.recognizers = tuple(recognizers)
        self.threshold = threshold

    def detect(self, text: str) -> list[Span]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lower-cased
            lowered = "".join(ch.lower()[:1] or ch for ch in text)
        return [
            span
            for recognizer in self.recognizers
            for span in recognizer.analyze(text, lowered)
            if span.score >= self.threshold
        ]
