"""Leak rate, span recall/precision, over-masking and speed of an engine on gold data.

Characters are counted without whitespace, so "Ann Lee" masked as two spans leaks nothing.
A gold span is *found* when at least 90 % of its characters are masked; a predicted span is
*right* when it overlaps any gold span (meaningful only for completely labelled gold).
"""
from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Sequence

from masking.evaluation.gold import GoldExample
from masking.spans import Span

FOUND_FRACTION = 0.9


@dataclass
class LabelStats:
    pii_chars: int = 0
    leaked_chars: int = 0
    gold_spans: int = 0
    found_spans: int = 0

    @property
    def leak_rate(self) -> float:
        return self.leaked_chars / self.pii_chars if self.pii_chars else 0.0

    @property
    def recall(self) -> float:
        return self.found_spans / self.gold_spans if self.gold_spans else 0.0


@dataclass
class EvalReport:
    engine: str
    messages: int = 0
    overall: LabelStats = field(default_factory=LabelStats)
    per_label: dict[str, LabelStats] = field(default_factory=lambda: defaultdict(LabelStats))
    predicted_spans: int = 0
    right_spans: int = 0
    clean_chars: int = 0
    over_masked_chars: int = 0
    clean_alnum: int = 0
    over_masked_alnum: int = 0
    pii_free_messages: int = 0
    pii_free_flagged: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.right_spans / self.predicted_spans if self.predicted_spans else 1.0

    @property
    def over_masking(self) -> float:
        return self.over_masked_chars / self.clean_chars if self.clean_chars else 0.0

    @property
    def over_masking_alnum(self) -> float:
        """Share of the letters and digits outside gold spans that were masked."""
        return self.over_masked_alnum / self.clean_alnum if self.clean_alnum else 0.0

    @property
    def pii_free_flag_rate(self) -> float:
        return self.pii_free_flagged / self.pii_free_messages if self.pii_free_messages else 0.0

    def percentile_ms(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[round(q) - 1]

    def to_dict(self) -> dict:
        return {
            "engine": self.engine,
            "messages": self.messages,
            "leak_rate": round(self.overall.leak_rate, 4),
            "span_recall": round(self.overall.recall, 4),
            "span_precision": round(self.precision, 4),
            "over_masking": round(self.over_masking, 4),
            "over_masking_alnum": round(self.over_masking_alnum, 4),
            "pii_free_flag_rate": round(self.pii_free_flag_rate, 4),
            "pii_free_messages": self.pii_free_messages,
            "messages_per_s": round(self.messages / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.percentile_ms(50), 3),
            "p95_ms": round(self.percentile_ms(95), 3),
            "per_label": {
                label: {**asdict(stats), "leak_rate": round(stats.leak_rate, 4), "recall": round(stats.recall, 4)}
                for label, stats in sorted(self.per_label.items())
            },
        }


def evaluate(examples: Iterable[GoldExample], find_spans: Callable[[str], Sequence[Span]], engine: str) -> EvalReport:
    report = EvalReport(engine)
    began = time.perf_counter()
    for example in examples:
        t0 = time.perf_counter()
        predicted = find_spans(example.text)
        report.latencies_ms.append((time.perf_counter() - t0) * 1000)
        score_example(report, example, predicted)
    report.seconds = time.perf_counter() - began
    return report


def score_example(report: EvalReport, example: GoldExample, predicted: Sequence[Span]) -> None:
    text = example.text
    masked = bytearray(len(text))
    for span in predicted:
        masked[span.start : span.end] = b"\x01" * (span.end - span.start)
    gold_mask = bytearray(len(text))
    for gold in example.spans:
        gold_mask[gold.start : gold.end] = b"\x01" * (gold.end - gold.start)
        chars = [i for i in range(gold.start, gold.end) if not text[i].isspace()]
        leaked = sum(1 for i in chars if not masked[i])
        for stats in (report.overall, report.per_label[gold.label]):
            stats.pii_chars += len(chars)
            stats.leaked_chars += leaked
            stats.gold_spans += 1
            stats.found_spans += bool(chars) and (len(chars) - leaked) >= FOUND_FRACTION * len(chars)
    for i, char in enumerate(text):
        if not gold_mask[i] and not char.isspace():
            report.clean_chars += 1
            report.over_masked_chars += masked[i]
            if char.isalnum():
                report.clean_alnum += 1
                report.over_masked_alnum += masked[i]
    report.predicted_spans += len(predicted)
    report.right_spans += sum(1 for p in predicted if any(p.overlaps(g) for g in example.spans))
    report.messages += 1
    if not example.spans:
        report.pii_free_messages += 1
        report.pii_free_flagged += bool(predicted)


def format_report(report: EvalReport) -> str:
    d = report.to_dict()
    lines = [
        f"engine                 {d['engine']}",
        f"messages               {d['messages']}",
        f"leak rate              {d['leak_rate']:.2%}  (gold PII characters left unmasked)",
        f"span recall            {d['span_recall']:.3f}",
        f"span precision         {d['span_precision']:.3f}",
        f"over-masking           {d['over_masking']:.2%}  (non-PII characters masked)",
        f"PII-free msgs flagged  {d['pii_free_flag_rate']:.2%}  of {d['pii_free_messages']}",
        f"speed                  {d['messages_per_s']} msg/s, p50 {d['p50_ms']:.2f} ms, p95 {d['p95_ms']:.2f} ms",
        "",
        f"{'label':<22}{'spans':>7}{'recall':>9}{'leak':>9}",
    ]
    for label, stats in d["per_label"].items():
        lines.append(f"{label:<22}{stats['gold_spans']:>7}{stats['recall']:>9.3f}{stats['leak_rate']:>9.2%}")
    return "\n".join(lines)
