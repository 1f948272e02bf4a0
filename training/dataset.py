"""The seed recipe's dataset: ai4privacy/pii-masking-200k -> input/output pairs -> the prompt
-> 1,900 train / 100 test. Shared by Gemini tuning and evaluation.

Either ai4privacy layout loads (`source_text`/`target_text` or `unmasked_text`/`masked_text`, with
`privacy_mask` as a list, a dict or text), from the Hugging Face hub through `datasets` or from a
local JSONL/parquet file. Rows are English unless asked otherwise, and the hub dataset is
streamed: only the rows needed are read, not all four language files.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from masking.engines.gemini import PROMPT
from masking.evaluation.gold import parse_gold_row
from masking.labels import canonical
from masking.spans import Span

DATASET = "ai4privacy/pii-masking-200k"
DEFAULT_ROWS = 2000
DEFAULT_TEST_ROWS = 100


@dataclass(frozen=True)
class RecipeSplit:
    train: "object"  # pandas.DataFrame
    test: "object"


def prompt(text: str) -> str:
    return PROMPT.format(input=text)


class DatasetError(ValueError):
    """A dataset that cannot be read, naming the file and the row."""


def _looks_local(source: str) -> bool:
    return source.startswith((".", "/", "~")) or "\\" in source or source.endswith((".jsonl", ".json", ".parquet")) \
        or source.count("/") != 1


def _rows(source: str):
    """(row number, row) pairs. A path that looks local and is not there is an error at once; it is
    never sent to the Hugging Face hub to be retried for half a minute."""
    path = Path(source).expanduser()
    if path.exists() or _looks_local(source):
        if not path.is_file():
            raise DatasetError(f"{source}: no such file")
        if path.stat().st_size == 0:
            raise DatasetError(f"{source}: the file is empty")
        if path.suffix == ".parquet":
            import pandas as pd

            return enumerate(pd.read_parquet(path).to_dict("records"), 1)
        return _jsonl(path)
    from datasets import load_dataset

    return enumerate(load_dataset(source, split="train", streaming=True), 1)


def _jsonl(path: Path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(f"{path}: line {number}: not JSON ({exc.msg})") from None


def load_frame(source: str = DATASET, rows: int = DEFAULT_ROWS, language: str | None = "en"):
    """A frame with `input`, `output` (placeholders rendered from the spans), `spans`, `language`."""
    import pandas as pd

    records = []
    for number, row in _rows(source):
        if not isinstance(row, dict):
            raise DatasetError(f"{source}: row {number}: not an object")
        if language and row.get("language") and row.get("language") != language:
            continue
        try:
            gold = parse_gold_row(dict(row))
        except (ValueError, KeyError, TypeError) as exc:
            detail = f"no {exc} field" if isinstance(exc, KeyError) else str(exc)
            raise DatasetError(f"{source}: row {number}: {detail}") from None
        output = row.get("target_text") or row.get("masked_text") or render_output(gold.text, gold.spans)
        records.append({"input": gold.text, "output": output, "spans": [s.as_dict() for s in gold.spans],
                        "language": gold.language or row.get("language") or ""})
        if len(records) >= rows:
            break
    if not records:
        raise DatasetError(f"{source}: no rows" + (f" in language {language!r}" if language else ""))
    frame = pd.DataFrame.from_records(records, columns=["input", "output", "spans", "language"])
    frame["prompt"] = frame["input"].map(prompt)
    return frame


def render_output(text: str, spans: tuple[Span, ...]) -> str:
    out, pos = [], 0
    for span in sorted(spans):
        if span.start < pos:
            continue
        out += [text[pos:span.start], f"[{canonical(span.label)}]"]
        pos = span.end
    return "".join(out) + text[pos:]


def split(frame, test_rows: int = DEFAULT_TEST_ROWS) -> RecipeSplit:
    """Deterministic: the last `test_rows` rows are held out, as in the seed recipe."""
    cut = len(frame) - test_rows
    if cut <= 0:
        raise ValueError(f"{len(frame)} rows cannot hold out {test_rows}")
    return RecipeSplit(frame.iloc[:cut].reset_index(drop=True), frame.iloc[cut:].reset_index(drop=True))
