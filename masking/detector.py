"""The detector protocol every engine implements (rules, local model, Gemini)."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from masking.spans import Span


@runtime_checkable
class Detector(Protocol):
    """Finds PII in a decoded detection view; offsets index the text it was given."""

    name: str

    def detect(self, text: str) -> list[Span]:
        ...
