"""One pipeline for every engine: Slack-aware view -> detectors -> merged spans -> operator.

The masked text is always built from the original by replacing spans; detector output is
never pasted in. Any detector error refuses the whole message (fail closed): the caller gets
`MaskingError`, never the original text back.
"""
from __future__ import annotations

import re
import time
from typing import Sequence

from masking.detector import Detector
from masking.operators import LabelOperator, Operator
from masking.policy import Policy, parse_policy
from masking.slack_markup import DetectionView, build_view
from masking.spans import LEARNED_SOURCES, MaskResult, Span, merge_spans, strip_range
from masking.technical import screen_learned
from masking.workspace_terms import WorkspaceTerms

DEFAULT_MAX_CHARS = 200_000  # Slack caps messages at 40k; exports can hold longer bodies
_MIN_PROPAGATED = 4  # shorter values ("Al", "42") recur by chance


class MaskingError(RuntimeError):
    """Masking could not be completed; nothing derived from the input may be shown."""


class InputRejected(MaskingError, ValueError):
    """The input itself is unusable (wrong type, too large)."""


class MaskingPipeline:
    def __init__(
        self,
        detectors: Sequence[Detector],
        operator: Operator | None = None,
        *,
        name: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        policy: Policy | None = None,
        terms: WorkspaceTerms | None = None,
    ) -> None:
        if not detectors:
            raise ValueError("a pipeline needs at least one detector")
        self.detectors = tuple(detectors)
        self.operator = operator or LabelOperator()
        self.name = name or "+".join(d.name for d in self.detectors)
        self.max_chars = max_chars
        self.policy = policy or parse_policy("default")
        self.terms = terms or WorkspaceTerms()

    def mask(self, text: str) -> MaskResult:
        return self.mask_many([text])[0]

    def mask_many(self, texts: Sequence[str]) -> list[MaskResult]:
        """Mask several texts at once; detectors that batch (the local model) run one batch."""
        began = time.perf_counter()
        for text in texts:
            self.check(text)
        all_spans = self.find_spans_many(texts)
        elapsed = (time.perf_counter() - began) * 1000 / max(1, len(texts))
        return [MaskResult(text, render(text, spans, self.operator), tuple(spans), self.name, round(elapsed, 3))
                for text, spans in zip(texts, all_spans)]

    def find_spans(self, text: str) -> list[Span]:
        """Disjoint, sorted spans indexing `text`."""
        return self.find_spans_many([text])[0]

    def find_spans_many(self, texts: Sequence[str]) -> list[list[Span]]:
        views = [build_view(text) for text in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        found: dict[int, list[Span]] = {i: [] for i in todo}
        for detector in self.detectors:
            try:
                batch = getattr(detector, "detect_batch", None)
                if batch is not None:
                    results = batch([views[i].text for i in todo]) if todo else []
                else:
                    results = [detector.detect(views[i].text) for i in todo]
            except Exception as exc:  # fail closed: refuse rather than pass text through
                raise MaskingError(f"detector {detector.name!r} failed: {type(exc).__name__}") from None
            for i, spans in zip(todo, results):
                found[i].extend(spans)
        out: list[list[Span]] = []
        for i, view in enumerate(views):
            spans = found.get(i, [])
            spans = self.policy.select(view.text, _screen(view.text, spans, self.policy)
                                       if self.policy.technical_screen else spans)
            if self.terms:  # the workspace's own words and people: allowed words stay, denied ones always go
                people = [s for s in self.terms.members.spans(view.text) if s.label in self.policy.labels]
                spans = self.terms.drop_allowed(view.text, spans + people) + self.terms.denied_spans(view.text)
            spans = _trim(view.text, spans)
            spans.extend(_propagate(view.text, spans))
            out.append(merge_spans(_to_original(view, spans)))
        return out

    def check(self, text: str) -> None:
        """Refuse input that is not text, is too large, or cannot be encoded (a lone surrogate)."""
        if not isinstance(text, str):
            raise InputRejected(f"text must be a string, not {type(text).__name__}")
        if len(text) > self.max_chars:
            raise InputRejected(f"text is {len(text)} characters; the limit is {self.max_chars}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputRejected(f"text holds an unpaired surrogate at offset {exc.start}") from None


def render(text: str, spans: Sequence[Span], operator: Operator) -> str:
    replace = operator.start()
    out: list[str] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(replace(span, text[span.start : span.end]))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def _screen(text: str, spans: list[Span], policy: Policy) -> list[Span]:
    """Learned spans pass the technical-text screen; validated rule spans stand as found. Only a
    rule span the policy masks vouches for a learned one (a URL around `/profile/42` does not)."""
    rules = [s for s in spans if s.source not in LEARNED_SOURCES]
    learned = [s for s in spans if s.source in LEARNED_SOURCES]
    return rules + screen_learned(text, learned, [s for s in rules if s.label in policy])


def _trim(text: str, spans: list[Span]) -> list[Span]:
    trimmed = []
    for span in spans:
        start, end = strip_range(text, span.start, span.end)
        if start < end:
            trimmed.append(span if (start, end) == (span.start, span.end) else
                           Span(start, end, span.label, span.score, span.source))
    return trimmed


def _propagate(text: str, spans: list[Span]) -> list[Span]:
    """Mask every other occurrence of a detected value too: a name caught once in
    "Call Ann Lee" must not stay visible in "… and Ann Lee agreed"."""
    extra: list[Span] = []
    values: dict[str, Span] = {}
    for span in spans:
        value = text[span.start : span.end]
        if len(value) >= _MIN_PROPAGATED and value not in values:
            values[value] = span
    for value, span in values.items():
        bounded = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)" if value[0].isalnum() or value[-1].isalnum()
                             else re.escape(value))
        for match in bounded.finditer(text):
            if match.start() != span.start:
                extra.append(Span(match.start(), match.end(), span.label, span.score, "propagated"))
    return extra


def _to_original(view: DetectionView, spans: list[Span]) -> list[Span]:
    mapped = []
    for span in spans:
        for start, end in view.to_original(span.start, span.end):
            mapped.append(Span(start, end, span.label, span.score, span.source))
    return mapped
