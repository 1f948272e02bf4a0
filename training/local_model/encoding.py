"""Labelled text -> token tags over the detection view, in windows the encoder can take.

Training sees exactly what the detector sees at run time: the Slack-decoded view of a message
(`masking.slack_markup.build_view`), tokenized with truncation off and cut into windows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from masking.slack_markup import build_view
from masking.spans import Span
from training.local_model.labels import TAG_IDS

MAX_TOKENS = 128
STRIDE = 96


@dataclass(frozen=True)
class EncodedWindow:
    input_ids: list[int]
    labels: list[int]  # -100 where no loss is taken ([CLS], [SEP], padding)
    distil: bool = False  # also match the live model here (a row of the original mix, not feedback)


def view_char_labels(text: str, spans: Sequence[Span]) -> tuple[str, list[int]]:
    """The view text and, per view character, the index of the gold span covering it (-1: none)."""
    view = build_view(text)
    owners = [-1] * len(view.text)
    for i in range(len(view.text)):
        origin = view.starts[i] if view.starts is not None else i
        for k, span in enumerate(spans):
            if span.start <= origin < span.end:
                owners[i] = k
                break
    return view.text, owners


def encode(tokenizer, text: str, spans: Sequence[Span]) -> list[EncodedWindow]:
    view_text, owners = view_char_labels(text, spans)
    encoding = tokenizer.encode(view_text, add_special_tokens=False)
    tags: list[int] = []
    previous_owner = -1
    for start, end in encoding.offsets:
        owner = owners[start] if start < len(owners) else -1
        if owner < 0 or view_text[start:end].isspace():
            tags.append(TAG_IDS["O"])
            previous_owner = -1
            continue
        label = spans[owner].label
        prefix = "I" if owner == previous_owner else "B"
        tags.append(TAG_IDS.get(f"{prefix}-{label}", TAG_IDS["O"]))
        previous_owner = owner
    return list(windows(encoding.ids, tags, tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")))


def windows(ids: list[int], tags: list[int], cls_id: int, sep_id: int):
    body = MAX_TOKENS - 2
    start = 0
    while True:
        chunk_ids, chunk_tags = ids[start:start + body], tags[start:start + body]
        yield EncodedWindow([cls_id, *chunk_ids, sep_id], [-100, *chunk_tags, -100])
        if start + body >= len(ids):
            return
        start += STRIDE
