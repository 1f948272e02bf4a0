"""Training examples for the local model: synthetic + MIT rows by default, or ai4privacy for
a user who holds its licence. Labels from every source are mapped to the model's types."""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable

from masking.evaluation.gold import parse_gold_row
from masking.labels import canonical
from masking.spans import Span
from training.local_model.labels import ENTITY_TYPES, SOURCE_LABELS
from training.synth import SyntheticExample, generate

DEFAULT_MIT_FILE = "train/presidio_research_synth_en.jsonl"
AI4PRIVACY = "ai4privacy/pii-masking-200k"
_TYPES = frozenset(ENTITY_TYPES)


def map_spans(text: str, spans: Iterable[Span]) -> tuple[Span, ...]:
    """Map foreign labels to model types; split person names into first/middle/last; drop the rest."""
    out: list[Span] = []
    for span in spans:
        raw = span.label.upper()
        label = SOURCE_LABELS.get(raw) or canonical(raw)
        if label in ("IPV4", "IPV6"):
            label = "IP"
        if label == "TITLE":
            label = "PREFIX" if len(span) <= 5 else "JOBTITLE"
        if label == "NAME":
            out.extend(_split_name(text, span))
        elif label in _TYPES:
            out.append(Span(span.start, span.end, label))
    return tuple(sorted(out))


def _split_name(text: str, span: Span) -> list[Span]:
    words, pos = [], span.start
    for word in text[span.start:span.end].split():
        start = text.index(word, pos)
        words.append((start, start + len(word)))
        pos = start + len(word)
    if not words:
        return []
    if len(words) == 1:
        return [Span(*words[0], "FIRSTNAME")]
    labels = ["FIRSTNAME"] + ["MIDDLENAME"] * (len(words) - 2) + ["LASTNAME"]
    return [Span(s, e, label) for (s, e), label in zip(words, labels)]


def load_jsonl(path: str | Path) -> list[SyntheticExample]:
    examples = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                gold = parse_gold_row(json.loads(line))
                examples.append(SyntheticExample(gold.text, map_spans(gold.text, gold.spans), gold.language or "en"))
    return examples


def load_ai4privacy(name: str = AI4PRIVACY, rows: int | None = None, language: str | None = "en") -> list[SyntheticExample]:
    """The real dataset through Hugging Face `datasets` (either revision's layout)."""
    from datasets import load_dataset

    dataset = load_dataset(name, split="train", streaming=True)  # reads only the rows it needs
    out = []
    for row in dataset:
        if language and row.get("language") not in (None, language):
            continue
        gold = parse_gold_row(row)
        out.append(SyntheticExample(gold.text, map_spans(gold.text, gold.spans), gold.language or "en"))
        if rows and len(out) >= rows:
            break
    return out


def default_mix(rows: int, seed: int, data_dir: str | Path | None) -> list[SyntheticExample]:
    """Synthetic examples plus, when the reference data folder is given, the MIT rows."""
    examples = list(generate(rows, seed=seed))
    if data_dir is not None:
        mit = Path(data_dir) / DEFAULT_MIT_FILE
        if mit.exists():
            examples.extend(load_jsonl(mit))
    random.Random(seed).shuffle(examples)
    return examples


def split(examples: list[SyntheticExample], held_out: float, seed: int):
    shuffled = examples[:]
    random.Random(seed + 1).shuffle(shuffled)
    cut = max(1, int(len(shuffled) * held_out))
    return shuffled[cut:], shuffled[:cut]
