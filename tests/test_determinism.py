"""Same input, same output: a message's spans never depend on what else is in its batch."""
import io
import json
import random

import pytest

from masking import build_pipeline
from masking.cli import mask_jsonl
from masking.evaluation import load_gold
from tests.test_cli import FIXTURES


@pytest.fixture(scope="module")
def local():
    return build_pipeline(engine="local")


def texts() -> list[str]:
    dev = [ex.text for ex in load_gold(FIXTURES / "dev_workplace.txt")]
    return dev + ["x", "+1", "call Ann Lee on +44 20 7946 0958", "x" * 3000 + " Fernando Alvarez", ""]


def test_shuffled_batches_give_the_same_spans(local):
    items = texts()
    alone = {text: local.find_spans(text) for text in items}
    for seed in range(3):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        for text, spans in zip(shuffled, local.find_spans_many(shuffled)):
            assert spans == alone[text], text[:60]


def test_threads_do_not_change_spans():
    items = texts()
    one = build_pipeline(engine="local").find_spans_many(items)
    from dataclasses import replace

    from masking.settings import MaskingSettings
    many = build_pipeline(replace(MaskingSettings(), threads=4), engine="local").find_spans_many(items)
    assert one == many


def test_jsonl_isolates_a_lone_surrogate(local):
    lines = ['{"text": "\\ud83d"}', '{"text": "mail ann.lee@example.com"}', b'{"text": "caf\xe9"}',
             '{"text": "x"}']
    stdin = [line if isinstance(line, bytes) else line.encode() for line in lines]
    out, err = io.StringIO(), io.StringIO()
    assert mask_jsonl(local, stdin, out, err) == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[0] == {"line": 1, "error": "text holds an unpaired surrogate at offset 0"}
    assert records[1]["masked_text"] == "mail [EMAIL]"
    assert records[2] == {"line": 3, "error": "not valid UTF-8"}
    assert records[3] == {"masked_text": "x", "spans": []}
    assert "ann.lee" not in err.getvalue()
