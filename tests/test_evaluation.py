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


def test_older_layout_with_privacy_mask_stored_as_text():
    from masking.evaluation.gold import parse_gold_row

    row = {"unmasked_text": "Dear Mara, write to mara@example.org.", "masked_text": "Dear [FIRSTNAME_1], write to [EMAIL_1].",
           "privacy_mask": "{'[FIRSTNAME_1]': 'Mara', '[EMAIL_1]': 'mara@example.org'}"}
    gold = parse_gold_row(row)
    assert [(gold.text[s.start:s.end], s.label) for s in gold.spans] == [("Mara", "FIRSTNAME"), ("mara@example.org", "EMAIL")]
    as_json = parse_gold_row({**row, "privacy_mask": '{"[FIRSTNAME_1]": "Mara", "[EMAIL_1]": "mara@example.org"}'})
    assert as_json.spans == gold.spans


def test_recipe_frame_keeps_english_rows_by_default(tmp_path):
    import json

    pytest.importorskip("pandas")
    from training.dataset import load_frame

    path = tmp_path / "mixed.jsonl"
    rows = [{"source_text": f"Hallo Anna {i}", "privacy_mask": [{"start": 6, "end": 10, "label": "FIRSTNAME", "value": "Anna"}],
             "language": "de"} for i in range(3)]
    rows += [{"source_text": f"Hi Anna {i}", "privacy_mask": [{"start": 3, "end": 7, "label": "FIRSTNAME", "value": "Anna"}],
              "language": "en"} for i in range(3)]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    frame = load_frame(str(path), rows=10)
    assert list(frame["language"]) == ["en"] * 3
    assert len(load_frame(str(path), rows=10, language=None)) == 6


def test_every_ai4privacy_layout_loads_with_labels_that_hold_a_digit(tmp_path):
    """Issue #17: `[IPV4_1]`/`[IPV6_1]` placeholders, `privacy_mask` as a dict, a list or text, and
    parquet files whose list arrives as a numpy array."""
    import pandas as pd

    from training.dataset import load_frame

    examples = load_gold(FIXTURES / "gold_ai4privacy_older_layouts.jsonl")
    found = [{ex.text[s.start:s.end]: s.label for s in ex.spans} for ex in examples]
    assert found[0] == {"10.2.3.4": "IPV4", "fe80::1": "IPV6", "Mara": "FIRSTNAME"}
    assert found[1] == {"Jun": "FIRSTNAME", "555-0100": "PHONENUMBER"}
    assert found[2] == {"ann@x.io": "EMAIL", "192.168.0.9": "IPV4"}
    rows = [{"source_text": "Call Jun at 555-0100.", "language": "en",
             "privacy_mask": [{"value": "Jun", "start": 5, "end": 8, "label": "FIRSTNAME"}]}]
    pd.DataFrame(rows).to_parquet(tmp_path / "rows.parquet")
    frame = load_frame(str(tmp_path / "rows.parquet"), rows=10)
    assert len(frame) == 1


def test_dataset_errors_name_the_file_and_row(tmp_path):
    """Issue #17: an empty file, a bad row and a mistyped local path are one clear error each, at once."""
    import time

    import pytest

    from training.dataset import DatasetError, load_frame

    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(DatasetError, match="empty"):
        load_frame(str(empty))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source_text": "a", "privacy_mask": []}\n{"source_text": "Jun", "privacy_mask": [{"start": 0, "end": 3}]}\n')
    with pytest.raises(DatasetError, match=r"bad.jsonl: row 2: no 'label' field"):
        load_frame(str(bad))
    began = time.monotonic()
    with pytest.raises(DatasetError, match="no such file"):
        load_frame(str(tmp_path / "typo" / "ai4privacy.jsonl"))
    assert time.monotonic() - began < 2  # never sent to the hub
