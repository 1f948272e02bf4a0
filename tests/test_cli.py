"""The `maskbot` command line, in-process for speed and once as a real subprocess."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from masking.cli import main, mask_jsonl

FIXTURES = Path(__file__).parent / "fixtures"


def test_mask_text(capsys):
    assert main(["mask", "mail ann@example.com"]) == 0
    assert capsys.readouterr().out == "mail [EMAIL]\n"


def test_mask_operator_option(capsys):
    assert main(["mask", "--operator", "numbered", "a@x.org b@x.org a@x.org"]) == 0
    assert capsys.readouterr().out.strip() == "[EMAIL_1] [EMAIL_2] [EMAIL_1]"


def test_jsonl_passes_fields_through_and_indexes_the_original(pipeline):
    stdin = io.StringIO('{"id": 7, "text": "call +44 20 7946 0958", "channel": "C1"}\n')
    out, err = io.StringIO(), io.StringIO()
    assert mask_jsonl(pipeline, stdin, out, err) == 0
    record = json.loads(out.getvalue())
    assert record == {"id": 7, "channel": "C1", "masked_text": "call [PHONENUMBER]",
                      "spans": [{"start": 5, "end": 21, "label": "PHONENUMBER"}]}


def test_jsonl_bad_lines_are_named_and_the_rest_processed(pipeline):
    lines = [
        '{"text": "a@x.org"}',
        "{not json",
        '{"message": "no text field"}',
        '["a", "list"]',
        '{"text": 42}',
        '{"text": "' + "x" * (pipeline.max_chars + 1) + '"}',
        '{"text": "b@y.org"}',
    ]
    out, err = io.StringIO(), io.StringIO()
    assert mask_jsonl(pipeline, io.StringIO("\n".join(lines) + "\n"), out, err) == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 7
    assert records[0]["masked_text"] == "[EMAIL]" and records[6]["masked_text"] == "[EMAIL]"
    assert [r["line"] for r in records[1:6]] == [2, 3, 4, 5, 6]
    assert "invalid JSON" in records[1]["error"]
    assert '"text"' in records[2]["error"]
    assert "string" in records[4]["error"]
    assert "limit" in records[5]["error"]
    assert "line 2: invalid JSON" in err.getvalue()
    assert "x" * 50 not in out.getvalue() + err.getvalue()  # never echo refused text


def test_eval_prints_metrics(capsys):
    assert main(["eval", "--data", str(FIXTURES / "gold_ours.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "leak rate" in out and "CREDIT_CARD" in out


def test_eval_json(capsys):
    assert main(["eval", "--data", str(FIXTURES / "gold_ours.jsonl"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["messages"] == 3 and set(d["per_label"]) == {"EMAIL", "PHONE", "NAME", "CREDIT_CARD"}


def test_unavailable_engine_is_a_clear_error(capsys):
    assert main(["mask", "--engine", "gemini", "hello"]) == 2
    assert "GEMINI_API_KEY" in capsys.readouterr().err


def test_demo(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "before:" in out and "[CREDITCARDNUMBER]" in out and "4111 1111 1111 1111" in out


def test_run_without_slack_shows_demo_and_what_to_set(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["run"]) == 0
    captured = capsys.readouterr()
    assert "after:" in captured.out
    assert "SLACK_BOT_TOKEN" in captured.err and "SLACK_SIGNING_SECRET" in captured.err


@pytest.mark.slow
def test_console_script_end_to_end():
    exe = Path(sys.executable).with_name("maskbot")
    lines = '{"text": "IBAN DE89 3704 0044 0532 0130 00"}\n\udcff garbage\n'
    proc = subprocess.run([str(exe), "mask", "--jsonl"], input=lines.encode("utf-8", "surrogateescape"),
                          capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    out = proc.stdout.decode().splitlines()
    assert proc.returncode == 1
    assert json.loads(out[0])["masked_text"] == "IBAN [IBAN]"
    assert json.loads(out[1])["line"] == 2


@pytest.mark.parametrize("args, env, expected", [
    (["maskbot", "eval", "--data", "/nonexistent.jsonl"], {}, "maskbot: cannot read /nonexistent.jsonl: No such file"),
    (["maskbot", "eval", "--data", "/"], {}, "maskbot: cannot read /: Is a directory"),
    (["maskbot", "run"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "Slack is partly configured; missing: SLACK_SIGNING_SECRET"),
    (["maskbot", "run"], {"PORT": "abc", "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"}, "PORT='abc' is not a number"),
    ([sys.executable, "-m", "bot"], {"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y",
                                     "SLACK_API_URL": "http://127.0.0.1:9/api/"}, "cannot use Slack at http://127.0.0.1:9/api/"),
])
def test_bad_setup_gets_one_line_not_a_traceback(args, env, expected, tmp_path):
    exe = [str(Path(sys.executable).with_name("maskbot")), *args[1:]] if args[0] == "maskbot" else args
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MASKBOT_", "PORT"))}
    result = subprocess.run(exe, env={**clean, **env}, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_jsonl_keeps_one_output_line_per_input_line(pipeline):
    """Issue #17: blank lines get an error object in their place, so outputs stay aligned."""
    stdin = io.StringIO('{"text": "a@x.org"}\n\n   \n{"text": "b@y.org"}\n')
    out, err = io.StringIO(), io.StringIO()
    assert mask_jsonl(pipeline, stdin, out, err) == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 4 and records[1] == {"line": 2, "error": "blank line"} and records[2]["line"] == 3
    assert records[3]["masked_text"] == "[EMAIL]"


def test_policy_changes_without_a_base_apply_to_the_default(capsys):
    from masking.policy import parse_policy

    assert parse_policy("+DATE").labels == parse_policy("default,+DATE").labels
    assert parse_policy("-USERNAME").spec == "default,-USERNAME"
    assert main(["mask", "--policy", "-EMAIL", "mail ann@example.com, card 4111 1111 1111 1111"]) == 0
    assert capsys.readouterr().out.strip() == "mail ann@example.com, card [CREDITCARDNUMBER]"


@pytest.mark.parametrize("name", ["MASKBOT_THREADS", "MASKBOT_MAX_CHARS", "MASKBOT_GEMINI_TIMEOUT_S"])
def test_a_setting_that_is_not_a_number_is_named(name, monkeypatch, capsys):
    monkeypatch.setenv(name, "lots")
    assert main(["mask", "hello"]) == 2
    err = capsys.readouterr().err
    assert name in err and "lots" in err and "Traceback" not in err


def test_a_configured_model_folder_without_a_model_is_an_error(tmp_path, monkeypatch, capsys):
    """Issue #17: names would pass unmasked on rules alone; the run stops with one line instead."""
    monkeypatch.setenv("MASKBOT_MODEL_DIR", str(tmp_path))
    assert main(["mask", "Maria Garcia called"]) == 2
    err = capsys.readouterr().err
    assert "MASKBOT_MODEL_DIR" in err and "holds no model" in err and "Traceback" not in err


@pytest.mark.parametrize("args, says", [
    (["--rows", "0"], "--rows must be at least 1"),
    (["--epochs", "0"], "--epochs must be at least 1"),
    (["--feedback-from", "sqlite:///no/such/maskbot.db"], "no database at"),
    (["--data-dir", "no/such/data"], "no train/ folder"),
])
def test_train_local_refuses_what_would_train_nothing(args, says, capsys, tmp_path):
    """Issue #17: one line each, exit 2, nothing written."""
    assert main(["train", "local", "--output", str(tmp_path / "run"), *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_a_benchmark_given_no_data_says_so_in_one_line(tmp_path):
    """Issue #17: from any folder, a missing data path is a usage error naming it, not a traceback."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, str(root / "benchmarks" / "rules_engine.py"), "--data", "../shared/data/eval"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no such file or folder" in done.stderr and "Traceback" not in done.stderr


def test_gemini_tuning_data_can_be_prepared_offline(tmp_path, capsys, monkeypatch):
    """Issue #17: `train gemini --prepare-only OUT_DIR` writes Vertex's JSONL locally, no credentials."""
    for name in ("GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_CLOUD_PROJECT", "MASKBOT_TUNING_BUCKET", "GOOGLE_APPLICATION_CREDENTIALS"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "tuning"
    assert main(["train", "gemini", "--dataset", str(FIXTURES / "ai4privacy_like_30.jsonl"), "--rows", "30",
                 "--test-rows", "5", "--language", "all", "--prepare-only", str(out)]) == 0
    train = [json.loads(line) for line in (out / "train.jsonl").read_text().splitlines()]
    validation = (out / "validation.jsonl").read_text().splitlines()
    assert len(train) == 25 and len(validation) == 5
    assert train[0]["contents"][0]["role"] == "user" and train[0]["systemInstruction"]["parts"][0]["text"]


def test_gemini_tuning_without_credentials_is_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GOOGLE_APPLICATION_CREDENTIALS"}
    env.update(GOOGLE_GENAI_USE_VERTEXAI="true", GOOGLE_CLOUD_PROJECT="p", MASKBOT_TUNING_BUCKET="b",
               HOME=str(tmp_path), CLOUDSDK_CONFIG=str(tmp_path / "gcloud"))
    done = subprocess.run([str(Path(sys.executable).with_name("maskbot")), "train", "gemini", "--dataset",
                           str(FIXTURES / "ai4privacy_like_30.jsonl"), "--rows", "30", "--test-rows", "5",
                           "--language", "all"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "GOOGLE_APPLICATION_CREDENTIALS" in done.stderr
