"""The hand-labelled real-text development sets (`data/realtext/`), read as gold examples.

Decisions about the masker (screens, priors, promotion of a retrained model) are made on these:
text from public archives that nobody here wrote. A source is `SOURCE.texts.jsonl` (`{"id", "text"}`
per line, from `benchmarks/realtext_collect.py`) plus
`SOURCE.labels.tsv` (`id  LABEL  value`: every whole-word occurrence of the value in that
message is PII; see README.md for the conventions). `SOURCE.unlabelled.jsonl`, where present,
holds further messages of the same source for the "messages touched at all" figure, and
`SOURCE.members.txt` the channel's speakers (what a workspace's member list would give the bot).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from masking.evaluation.gold import GoldExample
from masking.evaluation.metrics import EvalReport, score_example
from masking.spans import Span

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "realtext"  # present in a checkout, not a wheel
HELD_OUT = "duraspace_irc"  # never scored while tuning; reported, not used to choose anything
TUNING = ("ncar_zulip", "zig_irc", "r_mail", "gh_threads")
KIND = {"ncar_zulip": "chat (Zulip, Slack-like)", "zig_irc": "chat (IRC)", "duraspace_irc": "chat (IRC)",
        "r_mail": "e-mail", "gh_threads": "issue and PR threads (GitHub)"}


class LabelError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    name: str
    labelled: list[GoldExample]
    unlabelled: list[str]
    members: tuple[str, ...] = ()


def load_source(name: str, folder: Path = DEFAULT_FOLDER) -> Source:
    texts = {}
    for line in (folder / f"{name}.texts.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["id"].rsplit("-", 1)[1]] = row["text"]
    marks: dict[str, list[Span]] = {key: [] for key in texts}
    for number, line in enumerate((folder / f"{name}.labels.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, label, value = line.split("\t")
        if key not in texts:
            raise LabelError(f"{name}.labels.tsv:{number}: no message {key}")
        found = [m.span() for m in re.finditer(_whole(value), texts[key])]
        if not found:
            raise LabelError(f"{name}.labels.tsv:{number}: {value!r} is not in message {key}")
        marks[key].extend(Span(a, b, label) for a, b in found)
    labelled = [GoldExample(texts[key], tuple(_disjoint(marks[key])), category=name) for key in texts]
    unlabelled_path = folder / f"{name}.unlabelled.jsonl"
    unlabelled = [json.loads(line)["text"] for line in unlabelled_path.read_text(encoding="utf-8").splitlines()] \
        if unlabelled_path.exists() else []
    members_path = folder / f"{name}.members.txt"
    members = tuple(line.strip() for line in members_path.read_text(encoding="utf-8").splitlines() if line.strip()) \
        if members_path.exists() else ()
    return Source(name, labelled, unlabelled, members)


@dataclass(frozen=True)
class SourceScore:
    name: str
    report: EvalReport
    unlabelled: int
    unlabelled_touched: int

    @property
    def unlabelled_rate(self) -> float:
        return self.unlabelled_touched / self.unlabelled if self.unlabelled else 0.0


def score_source(source: Source, find_spans: Callable[[str], Sequence[Span]],
                 unlabelled: bool = True) -> SourceScore:
    report = EvalReport(source.name)
    for example in source.labelled:
        score_example(report, example, find_spans(example.text))
    texts = source.unlabelled if unlabelled else []
    touched = sum(1 for text in texts if find_spans(text))
    return SourceScore(source.name, report, len(texts), touched)


def _whole(value: str) -> str:
    left = r"(?<!\w)" if value[0].isalnum() else ""
    right = r"(?!\w)" if value[-1].isalnum() else ""
    return left + re.escape(value) + right


def _disjoint(spans: list[Span]) -> list[Span]:
    """Overlapping labels ("Dirk" inside "Dirk Eddelbuettel") become the longest one."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and span.start < out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(out[-1].start, span.end, out[-1].label)
            continue
        out.append(span)
    return out
