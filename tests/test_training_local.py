"""Training data, encoding, and a few real training steps on CPU (needs the train extra)."""
from pathlib import Path

import pytest

from masking.spans import Span
from training.local_model.labels import ENTITY_TYPES, TAG_IDS, TAGS
from training.synth import generate

FIXTURES = Path(__file__).parent / "fixtures"


def test_generator_is_deterministic_and_spans_are_valid():
    first = list(generate(300, seed=5))
    assert first == list(generate(300, seed=5))
    labels, languages, clean = set(), set(), 0
    for example in first:
        for span in example.spans:
            assert example.text[span.start:span.end].strip()
            labels.add(span.label)
        languages.add(example.language)
        clean += not example.spans
    assert labels <= set(ENTITY_TYPES)
    assert {"FIRSTNAME", "LASTNAME", "EMAIL", "PHONENUMBER", "IBAN", "STREET", "CITY"} <= labels
    assert {"en", "de", "fr", "it", "es", "nl"} <= languages
    assert clean > 20  # PII-free look-alike messages are part of the mix


def test_foreign_labels_are_mapped_and_names_split():
    from training.local_model.data import load_jsonl

    first, second = load_jsonl(FIXTURES / "presidio_like.jsonl")
    got = [(first.text[s.start:s.end], s.label) for s in first.spans]
    assert got == [("Ingrid", "FIRSTNAME"), ("Marie", "MIDDLENAME"), ("Solberg", "LASTNAME"),
                   ("12 Harbour Road", "STREET"), ("Bergen", "CITY")]
    assert [(second.text[s.start:s.end], s.label) for s in second.spans] == [
        ("Dr.", "PREFIX"), ("Okafor", "FIRSTNAME"), ("Brightwave Labs", "COMPANYNAME"), ("2019", "DATE")]


@pytest.fixture(scope="module")
def tokenizer():
    pytest.importorskip("transformers")
    from tokenizers import Tokenizer

    from training.base_model import base_model_dir

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def test_encoding_tags_the_view_tokens(tokenizer):
    from training.local_model.encoding import encode

    text = "mail <mailto:ann@x.org|ann@x.org> to Ann Lee"
    spans = (Span(13, 22, "EMAIL"), Span(23, 32, "EMAIL"), Span(37, 40, "FIRSTNAME"), Span(41, 44, "LASTNAME"))
    [window] = encode(tokenizer, text, spans)
    tokens = [tokenizer.id_to_token(i) for i in window.input_ids]
    tags = [TAGS[t] if t >= 0 else None for t in window.labels]
    pairs = list(zip(tokens, tags))
    assert pairs[0] == ("[CLS]", None) and pairs[-1] == ("[SEP]", None)
    assert ("ann", "B-FIRSTNAME") in pairs and ("lee", "B-LASTNAME") in pairs
    assert ("mail", "O") in pairs and ("##to", "O") in pairs  # "mailto:" is markup, never PII
    assert tags.count("B-EMAIL") == 2


def test_long_text_becomes_overlapping_windows(tokenizer):
    from training.local_model.encoding import MAX_TOKENS, encode

    text = "word " * 400
    windows = encode(tokenizer, text, ())
    assert len(windows) >= 4
    assert all(len(w.input_ids) <= MAX_TOKENS for w in windows)
    assert all(set(w.labels[1:-1]) == {TAG_IDS["O"]} for w in windows)


@pytest.mark.slow
def test_a_few_training_steps_on_cpu_produce_a_loadable_model(tmp_path):
    pytest.importorskip("torch")
    from masking.engines.local_model import BUNDLED_MODEL_DIR, LocalModelDetector
    from training.local_model.train import LocalTrainingConfig, train_local
    from training.reporting import RecordingReporter

    reporter = RecordingReporter()
    config = LocalTrainingConfig(output_dir=tmp_path / "run", rows=60, epochs=2, batch_size=8, max_steps=4,
                                 held_out=0.2, threads=2, start_from=BUNDLED_MODEL_DIR)
    run = train_local(config, reporter)
    kinds = [e.kind for e in reporter.events]
    assert kinds[0] == "start" and kinds[-1] == "end" and kinds.count("step") == 4
    assert "continued from the model in pii-minilm" in reporter.events[0].message
    import json

    assert "distilled from it on the original rows" in json.loads(
        (run.model_dir / "maskbot_model.json").read_text())["training_data"]

    assert json.loads((run.model_dir / "maskbot_model.json").read_text())["learning_rate"] == 3e-4  # distilling
    steps = [e for e in reporter.events if e.kind == "step"]
    assert all(e.loss is not None and e.eta_s is not None for e in steps)
    assert run.steps == 4 and len(run.step_losses) == 4 and run.epoch_mean_losses
    assert (tmp_path / "run" / "loss.png").read_bytes()[:4] == b"\x89PNG"
    assert "leak rate" in (run.model_dir / "MODEL_CARD.md").read_text()
    assert {"local", "local+rules"} <= run.metrics.keys()
    LocalModelDetector(run.model_dir).detect("Ann Lee lives in Paris")


def test_continued_training_matches_the_live_model_on_the_original_rows():
    """Where the teacher speaks (original rows) only its distribution counts, not the rows' labels;
    where it is silent (the workspace's rows) the labels do. A student equal to its teacher on the
    original rows pays nothing there, whatever their labels say."""
    torch = pytest.importorskip("torch")
    from training.local_model.distillation import combined_loss, distillation_loss

    torch.manual_seed(0)
    logits = torch.randn(2, 5, len(TAGS))
    teacher = logits.clone()
    keep = torch.tensor([[1.0] * 5, [0.0] * 5])  # row 0 original, row 1 the workspace's
    labels = torch.full((2, 5), 3)
    assert float(distillation_loss(logits, teacher, keep, torch)) == pytest.approx(0.0, abs=1e-6)
    label_only = torch.nn.functional.cross_entropy(logits[1], labels[1])
    assert float(combined_loss(logits, labels, teacher, keep, torch)) == pytest.approx(float(label_only), rel=1e-5)
    # a batch of original rows only: no label loss at all (no NaN from an empty mean)
    all_taught = combined_loss(logits, labels, teacher, torch.ones(2, 5), torch)
    assert float(all_taught) == pytest.approx(0.0, abs=1e-6)
    assert float(distillation_loss(torch.randn(2, 5, len(TAGS)), teacher, keep, torch)) > 0


def test_cancelling_stops_cleanly(tmp_path):
    pytest.importorskip("torch")
    from training.local_model.train import LocalTrainingConfig, train_local
    from training.reporting import RecordingReporter

    reporter = RecordingReporter()
    calls = iter(range(100))
    run = train_local(LocalTrainingConfig(output_dir=tmp_path, rows=40, batch_size=8, held_out=0.2, threads=1),
                      reporter, should_stop=lambda: next(calls) >= 2)
    assert run.cancelled and run.steps == 2
    assert reporter.events[-1].state == "CANCELLED"
    assert not (tmp_path / "model" / "model.onnx").exists()


def test_the_shipped_model_seeds_a_retrain_with_its_own_predictions(tmp_path):
    """Dequantised from the int8 ONNX, the torch tagger predicts what the shipped model predicts."""
    pytest.importorskip("torch")
    import json
    import shutil

    import numpy as np
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForTokenClassification

    from masking.engines.local_model import BUNDLED_MODEL_DIR
    from training.base_model import base_model_dir
    from training.local_model.warm_start import IncompatibleModel, load_into

    model = AutoModelForTokenClassification.from_pretrained(str(base_model_dir()), num_labels=len(TAGS))
    load_into(model, BUNDLED_MODEL_DIR, TAGS)
    ids = np.array([Tokenizer.from_file(str(BUNDLED_MODEL_DIR / "tokenizer.json"))
                    .encode("please call Lena Schmidt at 0176 12345678 about the kubectl rollout").ids])
    shipped = ort.InferenceSession(str(BUNDLED_MODEL_DIR / "model.onnx")).run(
        None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
    with torch.no_grad():
        seeded = model.eval()(input_ids=torch.tensor(ids), attention_mask=torch.ones_like(torch.tensor(ids))).logits
    assert (shipped.argmax(-1) == seeded.numpy().argmax(-1)).all()

    other = tmp_path / "other"
    shutil.copytree(BUNDLED_MODEL_DIR, other)
    meta = json.loads((other / "maskbot_model.json").read_text())
    (other / "maskbot_model.json").write_text(json.dumps({**meta, "tags": meta["tags"][:-2]}))
    with pytest.raises(IncompatibleModel):
        load_into(model, other, TAGS)


def test_the_training_mix_is_the_same_in_every_process():
    """Faker's it_IT cities come from a set: without sorting, PYTHONHASHSEED changed the mix."""
    import hashlib
    import os
    import subprocess
    import sys

    script = ("import hashlib; from training.synth import generate; "
              "print(hashlib.sha256(repr(list(generate(400, seed=3))).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_train_local_ends_with_the_report_channels_table(tmp_path, capsys):
    """The terminal summary is the table the report channel shows: live and new on the same rows."""
    pytest.importorskip("torch")
    from masking.cli import main

    assert main(["train", "local", "--rows", "40", "--epochs", "1", "--max-steps", "2", "--batch-size", "8",
                 "--threads", "2", "--output", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    assert "Held-out evaluation (same rows for both" in out
    assert ["model", "leak", "recall", "precision", "over-mask"] in [line.split() for line in out.splitlines()]
    assert any(line.startswith("live (pii-minilm)") for line in out.splitlines())
    assert any(line.startswith("new (run)") for line in out.splitlines())


def test_real_messages_are_labelled_by_the_masker_and_their_member_list(tmp_path):
    """`train local --real-text`: a member's name typed as a plain word gets its label from the list."""
    import json

    from training.local_model.real_text import pseudo_labelled

    texts = tmp_path / "chat.jsonl"
    texts.write_text("\n".join(json.dumps({"text": t}) for t in ("thanks Deepak, the run on casper finished",
                                                                 "ls /glade/work/mlevy/codes")) + "\n")
    members = tmp_path / "members.txt"
    members.write_text("Deepak Cherian\n")
    first, second = pseudo_labelled(texts, members)
    assert [(first.text[s.start:s.end], s.label) for s in first.spans] == [("Deepak", "FIRSTNAME")]
    assert [(second.text[s.start:s.end], s.label) for s in second.spans] == [("mlevy", "USERNAME")]
