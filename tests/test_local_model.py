"""The bundled local model through the real inference path (onnxruntime, no torch)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from masking import MaskingError, build_pipeline
from masking.engines import EngineUnavailable
from masking.engines.local_model import BUNDLED_MODEL_DIR
from masking.settings import MaskingSettings




@pytest.fixture(scope="module")
def local():
    return build_pipeline(engine="local")


def test_auto_uses_the_local_model_with_rules(local):
    assert build_pipeline().name == "local+rules" == local.name


def test_names_and_addresses_are_masked(local):
    result = local.mask("Hi team, Margaret Okonkwo moved to 42 Elm Street, Springfield. Call her at +1 415-555-2671.")
    assert "Margaret" not in result.masked_text and "Okonkwo" not in result.masked_text
    assert "+1 415-555-2671" not in result.masked_text
    assert {"FIRSTNAME", "LASTNAME", "PHONENUMBER"} <= set(result.labels)


def test_spans_index_the_original_and_cover_whole_words(local):
    text = "ping <@U024BE7LH>: Katarzyna Wiśniewska wrote &amp; signed"
    result = local.mask(text)
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert not (span.start > 0 and text[span.start - 1].isalnum())
    assert "<@U024BE7LH>" in result.masked_text


def test_long_messages_are_windowed_not_truncated(local):
    filler = "the quarterly report is attached and the numbers look fine. " * 60  # > 128 tokens
    text = filler + "Please send it to Fernando Alvarez-Quintero."
    result = local.mask(text)
    assert "Fernando" not in result.masked_text
    assert result.masked_text.startswith(filler[:200])


def test_batch_and_single_agree(local):
    texts = ["Dear Ms. Lindqvist, your order is ready.", "", "no pii here at all", "Ask Tomasz about it."]
    batched = local.mask_many(texts)
    assert [r.masked_text for r in batched] == [local.mask(t).masked_text for t in texts]


def test_model_dir_is_configurable(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(BUNDLED_MODEL_DIR, copy)
    pipeline = build_pipeline(MaskingSettings(engine="local", model_dir=str(copy)))
    assert pipeline.detectors[0].model_dir == copy
    with pytest.raises(EngineUnavailable):
        build_pipeline(MaskingSettings(engine="local", model_dir=str(tmp_path / "missing")))
    with pytest.raises(EngineUnavailable, match="holds no model"):  # configured: never a silent fall-back to rules
        build_pipeline(MaskingSettings(model_dir=str(tmp_path / "missing")))


def test_a_broken_model_refuses_instead_of_passing_text(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(BUNDLED_MODEL_DIR, broken)
    (broken / "model.onnx").write_bytes(b"not a model")
    pipeline = build_pipeline(MaskingSettings(engine="local", model_dir=str(broken)))
    with pytest.raises(MaskingError):
        pipeline.mask("Maria Schmidt, IBAN DE89 3704 0044 0532 0130 00")


def test_model_metadata_and_size():
    config = json.loads((BUNDLED_MODEL_DIR / "maskbot_model.json").read_text())
    assert config["tags"][0] == "O" and config["max_tokens"] == 128
    assert (BUNDLED_MODEL_DIR / "MODEL_CARD.md").exists()
    total = sum(f.stat().st_size for f in BUNDLED_MODEL_DIR.iterdir())
    assert total <= 30 * 1024 * 1024


@pytest.mark.slow
def test_no_torch_at_run_time():
    code = ("import sys\nfrom masking import build_pipeline\n"
            "r = build_pipeline(engine='local').mask('Ann Lee lives in Paris')\n"
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'torch imported'\n"
            "print(r.masked_text)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert proc.returncode == 0, proc.stderr
    assert "Ann" not in proc.stdout
