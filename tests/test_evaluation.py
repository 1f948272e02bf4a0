from pathlib import Path

import pytest

from masking.evaluation import evaluate, load_gold
from masking.evaluation.gold import GoldFormatError
from masking.spans import Span

FIXTURES = Path(__file__).parent / "fixtures"


def test_loads_our_layout():
    examples = load_gold(FIXTURES / "gold_ours.jsonl")
    assert len(examples) == 3
    first = examples[0]
    assert [first.text[s.start:s.end] for s in first.spans] == ["ann.lee@example.com", "+44 20 7946 0958"]


def test_loads_ai4privacy_current_layout():
    [example] = load_gold(FIXTURES / "gold_ai4privacy_current.jsonl")
    assert [(example.text[s.start:s.end], s.label) for s in example.spans] == [
        ("Mara", "FIRSTNAME"), ("DE89370400440532013000", "IBAN")]


def test_loads_ai4privacy_older_layout_by_aligning_placeholders():
    [example] = load_gold(FIXTURES / "gold_ai4privacy_older.jsonl")
    assert [(s.start, s.end, s.label) for s in example.spans] == [
        (5, 9, "FIRSTNAME"), (20, 36, "EMAIL"), (38, 42, "FIRSTNAME")]


def test_bad_gold_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "spans": []}\n{"text": "abc", "spans": [{"start": 2, "end": 9, "label": "X"}]}\n')
    with pytest.raises(GoldFormatError, match="bad.jsonl:2"):
        load_gold(path)


def test_metrics_on_a_hand_computed_case():
    examples = load_gold(FIXTURES / "gold_ours.jsonl")
    predictions = {
        # e-mail found, phone half-masked ("+44 20 7" = 6 of 13 non-space chars)
        examples[0].text: [Span(5, 24, "EMAIL"), Span(33, 41, "PHONENUMBER")],
        # card found, name missed, one non-PII word over-masked
        examples[1].text: [Span(18, 37, "CREDITCARDNUMBER"), Span(8, 12, "X")],
        # PII-free message with a false positive
        examples[2].text: [Span(8, 14, "X")],
    }
    report = evaluate(examples, lambda text: predictions[text], "fixed")
    d = report.to_dict()
    pii = 19 + 13 + 6 + 16  # e-mail, phone, "AnnLee", card digits (non-space)
    leaked = 7 + 6
    assert d["leak_rate"] == round(leaked / pii, 4)
    assert d["span_recall"] == round(2 / 4, 4)
    assert d["span_precision"] == round(3 / 5, 4)  # "paid" and "2.14.3" overlap no gold
    assert d["pii_free_flag_rate"] == 1.0
    assert d["per_label"]["PHONE"]["recall"] == 0.0
    assert d["per_label"]["EMAIL"]["leak_rate"] == 0.0
    assert report.over_masked_chars == 4 + 6
    assert d["p50_ms"] >= 0 and d["messages_per_s"] > 0


def test_rules_engine_on_fixture(pipeline):
    report = evaluate(load_gold(FIXTURES / "gold_ours.jsonl"), pipeline.find_spans, pipeline.name)
    assert report.per_label["EMAIL"].leak_rate == 0
    assert report.per_label["CREDIT_CARD"].leak_rate == 0
    assert report.pii_free_flagged == 0
