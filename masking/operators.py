"""Operators render a detected span into its replacement text."""
from __future__ import annotations

import hashlib
import hmac
from typing import Protocol

from masking.spans import Span


class Operator(Protocol):
    name: str

    def start(self) -> "Renderer":
        """A renderer for one message: operators with per-message state (numbering) reset here."""
        ...


class Renderer(Protocol):
    def __call__(self, span: Span, value: str) -> str:
        ...


class LabelOperator:
    """`[EMAIL]`: the ai4privacy placeholder style, and the default."""

    name = "label"

    def start(self) -> Renderer:
        return lambda span, value: f"[{span.label}]"


class NumberedOperator:
    """`[FIRSTNAME_1]`: the same value keeps its number within a message, so
    "Ann told Bob, Ann agreed" reads "[FIRSTNAME_1] told [FIRSTNAME_2], [FIRSTNAME_1] agreed"."""

    name = "numbered"

    def start(self) -> Renderer:
        seen: dict[tuple[str, str], int] = {}
        counts: dict[str, int] = {}

        def render(span: Span, value: str) -> str:
            key = (span.label, " ".join(value.casefold().split()))
            if key not in seen:
                counts[span.label] = counts.get(span.label, 0) + 1
                seen[key] = counts[span.label]
            return f"[{span.label}_{seen[key]}]"

        return render


class RedactOperator:
    """Block characters of the same length, for layouts that must not shift."""

    name = "redact"

    def start(self) -> Renderer:
        return lambda span, value: "█" * len(value)


class HashOperator:
    """`[EMAIL_3f9a01c2]`: a keyed hash, stable per deployment (same salt), so the same person
    can be followed across messages without being named. The salt is a secret."""

    name = "hash"

    def __init__(self, salt: str) -> None:
        if not salt:
            raise ValueError(f"the {self.name} operator needs a salt here: set MASKBOT_HASH_SALT")
        self._key = salt.encode()

    def start(self) -> Renderer:
        def render(span: Span, value: str) -> str:
            normalized = " ".join(value.casefold().split()).encode("utf-8", "surrogatepass")
            digest = hmac.new(self._key, normalized, hashlib.sha256).hexdigest()[:8]
            return f"[{span.label}_{digest}]"

        return render


class KeyedNumberOperator(HashOperator):
    """`[FIRSTNAME_2754119306]`: `numbered` for a whole export. Counting from 1 would depend on
    which file a worker happens to mask first; a number drawn from the salted HMAC is the same
    for a value in every file, whichever process or machine masks it."""

    name = "numbered"

    def start(self) -> Renderer:
        keyed = super().start()
        return lambda span, value: f"[{span.label}_{int(keyed(span, value)[len(span.label) + 2:-1], 16)}]"


OPERATOR_NAMES = ("label", "numbered", "redact", "hash")


def make_operator(name: str, *, salt: str = "", across_messages: bool = False) -> Operator:
    """`across_messages`: pseudonyms must agree between messages masked apart (exports)."""
    if name == "label":
        return LabelOperator()
    if name == "numbered":
        return KeyedNumberOperator(salt) if across_messages else NumberedOperator()
    if name == "redact":
        return RedactOperator()
    if name == "hash":
        return HashOperator(salt)
    raise ValueError(f"unknown operator {name!r}; choose one of {', '.join(OPERATOR_NAMES)}")
