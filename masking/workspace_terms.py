"""A workspace's own vocabulary (after Presidio's allow and deny lists): words and phrases that are
never masked (project code names, tool names) and ones that always are (a customer's name).

Terms match case-insensitively as whole words. An allowed term only removes a span that lies
inside one of its occurrences, so allowing "jordan" leaves `jordan.smith@acme.io` masked: the
e-mail span is larger than the word. Denied terms are masked whatever the policy says.

A terms file has one `allow: TERM` or `deny: TERM` (or `deny: TERM | LABEL`) line each; `#`
starts a comment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from masking.labels import CANONICAL_LABELS, canonical
from masking.members import MemberDirectory
from masking.spans import Span

CUSTOM = "CUSTOM"


@dataclass(frozen=True)
class WorkspaceTerms:
    allow: frozenset[str] = frozenset()
    deny: tuple[tuple[str, str], ...] = ()  # (term, label)
    members: MemberDirectory = MemberDirectory()  # the workspace's people (masking.members)
    _allow_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _deny_re: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_allow_re", _whole_words(self.allow))
        object.__setattr__(self, "_deny_re", {term: _whole_words([term]) for term, _ in self.deny})

    def __bool__(self) -> bool:
        return bool(self.allow or self.deny or self.members)

    def allowed_ranges(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._allow_re.finditer(text)] if self._allow_re else []

    def denied_spans(self, text: str) -> list[Span]:
        return [Span(*m.span(), label, 1.0, "workspace") for term, label in self.deny
                for m in self._deny_re[term].finditer(text)]

    def drop_allowed(self, text: str, spans: Sequence[Span]) -> list[Span]:
        ranges = self.allowed_ranges(text)
        if not ranges:
            return list(spans)
        return [s for s in spans if not any(lo <= s.start and s.end <= hi for lo, hi in ranges)]


def _whole_words(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({re.escape(t.strip()) for t in terms if t.strip()}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives).replace(r"\ ", r"\s+") + r")(?!\w)", re.IGNORECASE)


def deny_label(label: str | None) -> str:
    if not label:
        return CUSTOM
    name = canonical(label)
    if name not in CANONICAL_LABELS:
        raise ValueError(f"unknown label {label!r}")
    return name


def build_terms(allow: Iterable[str] = (), deny: Iterable[str | tuple[str, str]] = ()) -> WorkspaceTerms:
    """`deny` items are terms, `TERM | LABEL` strings or (term, label) pairs."""
    denied = []
    for item in deny:
        if isinstance(item, tuple):
            term, label = item
        else:
            term, _, label = item.partition("|")
        denied.append((normalise(term), deny_label(label.strip() or None)))
    return WorkspaceTerms(frozenset(normalise(t) for t in allow if t.strip()), tuple(d for d in denied if d[0]))


def normalise(term: str) -> str:
    return " ".join(term.split()).lower()


def load_terms_file(path: str | Path) -> tuple[list[str], list[str]]:
    """Allowed and denied entries of a terms file; ValueError names the line that is wrong."""
    allow, deny = [], []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        kind, sep, term = line.partition(":")
        if not sep or kind.strip().lower() not in ("allow", "deny") or not term.strip():
            raise ValueError(f"{path}:{number}: expected `allow: TERM` or `deny: TERM [| LABEL]`")
        (allow if kind.strip().lower() == "allow" else deny).append(term.strip())
    return allow, deny
