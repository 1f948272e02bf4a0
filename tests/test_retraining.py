"""Retraining from chat, end to end over HTTP against the fake Slack Web API (and the Vertex stub)."""
import re

import pytest

pytest.importorskip("torch")

from bot.services.retraining import Gate, RetrainingWorker  # noqa: E402
from google.auth.credentials import AnonymousCredentials  # noqa: E402
from google.oauth2.credentials import Credentials  # noqa: E402
from masking.engines.gemini import make_client  # noqa: E402
from masking.engines.local_model import BUNDLED_MODEL_DIR  # noqa: E402
from masking.settings import GeminiSettings  # noqa: E402
from tests.bot_harness import admin, settings_for, start_bot  # noqa: E402
from training.gemini_tuning import make_storage_client  # noqa: E402
from training.reporting import ProgressEvent  # noqa: E402
from training.slack_reporter import SlackReporter, progress_text  # noqa: E402


@pytest.fixture
def bot(fake, tmp_path):
    under_test = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/bot.db", engine="auto"))
    yield under_test
    under_test.stop()



def worker_for(bot, tmp_path, **kw):
    # The worker process builds its own services against the same database, as in production.
    from bot import clients
    from bot.services.container import Services

    services = Services.build(bot.settings, clients.bot_client(bot.settings), clients.user_client(bot.settings))
    return RetrainingWorker(services, tmp_path / "runs", min_update_s=0.0, threads=2, **kw)


@pytest.mark.slow
def test_admin_retrain_reports_progress_uploads_the_plot_and_gates_the_model(bot, fake, tmp_path):
    reply = admin(bot, fake, "retrain local epochs=1 rows=40 max_steps=6 batch_size=8")
    assert "Queued retraining run #1" in reply
    assert "already" in admin(bot, fake, "retrain local")  # one at a time
    worker = worker_for(bot, tmp_path)
    assert worker.run_once()
    posts = fake.called("chat.postMessage")
    progress = posts[0]
    assert progress.params["channel"] == "CREPORT" and "Retraining #1" in progress.params["text"]
    updates = fake.called("chat.update")
    assert len(updates) >= 2 and re.search(r"step (\d+)/\1", updates[-1].params["text"])
    assert fake.called("files.getUploadURLExternal") and fake.called("files.completeUploadExternal")
    assert fake.uploads and fake.uploads[0][1][:4] == b"\x89PNG"
    thread = [p for p in posts if p.params.get("thread_ts") == "" or p.params.get("thread_ts")]
    table = next(p for p in thread if "Held-out evaluation" in p.params["text"])
    assert "leak" in table.params["text"] and "new (local-run1)" in table.params["text"]
    verdict = thread[-1].params["text"]
    run = bot.store.get_run(1)
    assert run.state == "succeeded" and run.version == "local-run1" and run.active_slot is None
    versions = {v.version: v for v in bot.store.versions()}
    assert ("is now live" in verdict) == versions["local-run1"].live
    assert ("kept as a candidate" in verdict) == (not versions["local-run1"].live)


def test_gate_decides_on_leaks_then_over_masking():
    gate = Gate(margin=0.01)
    current = {"leak_rate": 0.05, "over_masking": 0.02}
    assert gate.decide({"leak_rate": 0.04, "over_masking": 0.025}, current)[0]
    assert not gate.decide({"leak_rate": 0.051, "over_masking": 0.0}, current)[0]
    assert not gate.decide({"leak_rate": 0.01, "over_masking": 0.031}, current)[0]


def test_non_admin_retrain_changes_nothing(bot, fake):
    assert "only workspace admins" in admin(bot, fake, "retrain local", user="UALICE")
    assert bot.store.active_run() is None


def test_bad_retrain_options_are_explained(bot, fake):
    assert "epochs must be between" in admin(bot, fake, "retrain local epochs=99")
    assert "unknown option" in admin(bot, fake, "retrain local speed=fast")
    assert bot.store.active_run() is None


def test_cancel_a_queued_run_and_a_running_one(bot, fake, tmp_path):
    admin(bot, fake, "retrain local rows=40")
    assert "Cancelling run #1" in admin(bot, fake, "cancel")
    assert bot.store.get_run(1).state == "cancelled"
    assert "No training run" in admin(bot, fake, "cancel")
    admin(bot, fake, "retrain local epochs=1 rows=60 batch_size=4")
    bot.store.request_cancel()  # as /mask-admin cancel would, while the worker runs
    worker = worker_for(bot, tmp_path)
    bot.store.update_run(2, state="queued")  # still queued: the worker claims it and sees the flag
    assert worker.run_once()
    run = bot.store.get_run(2)
    assert run.state == "cancelled" and not bot.store.versions()
    assert any("cancelled" in p.params["text"] for p in fake.called("chat.postMessage"))


def test_dead_worker_leaves_a_failed_run_not_a_stuck_one(bot, fake, tmp_path):
    from datetime import datetime, timedelta, timezone

    admin(bot, fake, "retrain local")
    run = bot.store.claim_next_run("gone-worker")
    bot.store.update_run(run.id, heartbeat_at=datetime.now(timezone.utc) - timedelta(hours=1))
    worker_for(bot, tmp_path).run_once()
    assert bot.store.get_run(run.id).state == "failed"
    assert "Queued retraining run #2" in admin(bot, fake, "retrain local")


def test_model_use_promotes_and_rolls_back(bot, fake):
    bot.store.add_version("local-a", "local", "/nonexistent/a", {"leak_rate": 0.1})
    bot.store.add_version("local-b", "local", "/nonexistent/b", {"leak_rate": 0.2})
    assert "`local-b` (local) is now live" in admin(bot, fake, "model use local-b")
    assert bot.store.live_version("local").version == "local-b"
    assert "is now live" in admin(bot, fake, "model use local-a")
    assert bot.store.live_version("local").version == "local-a"
    assert "No model version" in admin(bot, fake, "model use nope")
    listing = admin(bot, fake, "model list")
    assert "*live* `local-a`" in listing and "candidate `local-b`" in listing


def test_web_process_switches_to_a_promoted_model_on_the_next_message(bot, fake, tmp_path):
    import shutil

    from masking.engines.local_model import BUNDLED_MODEL_DIR

    copy = tmp_path / "promoted"
    shutil.copytree(BUNDLED_MODEL_DIR, copy)
    bot.store.add_version("local-new", "local", str(copy), {"leak_rate": 0.0})
    admin(bot, fake, "status")
    bot.store.set_live("local-new")
    assert "`local-new`" in admin(bot, fake, "status")


def test_slack_reporter_throttles_updates():
    class Client:
        def __init__(self):
            self.calls = []

        def chat_postMessage(self, **kw):
            self.calls.append(("post", kw))
            return {"ts": "1.0", "channel": kw["channel"]}

        def chat_update(self, **kw):
            self.calls.append(("update", kw))

    now = [0.0]
    client = Client()
    reporter = SlackReporter(client, "C1", "run", min_interval_s=5.0, clock=lambda: now[0])
    reporter.report(ProgressEvent("start", 0, 100))
    for step in range(1, 121):  # 12 s of steps, one every 0.1 s
        now[0] += 0.1
        reporter.report(ProgressEvent("step", step, 120, step / 60, 2, 0.5, 0.6, now[0], 10.0))
    reporter.report(ProgressEvent("end", 120, 120, 2, 2, message="done"))
    kinds = [k for k, _ in client.calls]
    assert kinds[0] == "post" and kinds.count("update") == 3  # after ~5 s, after ~10 s, and the end
    assert "done" in client.calls[-1][1]["text"]


def test_progress_text():
    text = progress_text("Retraining #3", ProgressEvent("step", 50, 100, 1.0, 2, 0.1234, 0.2, 65, 65))
    assert "50%" in text and "step 50/100" in text and "loss 0.1234" in text and "1m05s elapsed" in text


@pytest.mark.slow
def test_gemini_run_reports_its_states(bot, fake, tmp_path, gemini_stub):
    from pathlib import Path

    stub = gemini_stub
    settings = GeminiSettings(use_vertex=True, project="proj", location="us-central1", timeout_s=5)
    genai = make_client(settings, base_url=stub.url, credentials=Credentials(token="tok"))
    storage = make_storage_client("proj", credentials=AnonymousCredentials(), client_options={"api_endpoint": stub.url})
    fixture = Path(__file__).parent / "fixtures" / "ai4privacy_like_30.jsonl"
    admin(bot, fake, f"retrain gemini rows=30 test_rows=5 dataset={fixture}")
    bot.store.update_run(1, params={**bot.store.get_run(1).params, "poll_s": 0.01})
    worker = worker_for(bot, tmp_path, gemini_clients=(genai, storage))
    assert worker.run_once()
    texts = [c.params["text"] for c in fake.called("chat.update")]
    assert any("running" in t for t in texts) and "succeeded" in texts[-1]
    run = bot.store.get_run(1)
    assert run.state == "succeeded" and run.version == "gemini-run1"
    assert bot.store.live_version("gemini").path.endswith("/endpoints/4242")


@pytest.mark.slow
def test_command_line_training_reports_to_slack(fake, tmp_path, monkeypatch):
    from masking.cli import main

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-bot")
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    monkeypatch.chdir(tmp_path)
    assert main(["train", "local", "--rows", "40", "--max-steps", "3", "--batch-size", "8", "--threads", "2",
                 "--report-channel", "CTRAIN", "--output", str(tmp_path / "run")]) == 0
    [start, *replies] = fake.called("chat.postMessage")
    assert start.params["channel"] == "CTRAIN" and "Local model training" in start.params["text"]
    assert fake.called("chat.update") and fake.called("files.completeUploadExternal")
    assert any("held-out (" in r.params["text"] and "over-masking" in r.params["text"] for r in replies)


@pytest.mark.slow
def test_retraining_learns_from_the_workspaces_feedback(bot, fake, tmp_path):
    admin(bot, fake, "allow kubectl")
    bot.store.add_feedback("UALICE", "CMONITOR", "[FIRSTNAME] rollout is blocked, ping [FIRSTNAME] at [EMAIL]",
                           [{"position": 0, "label": "FIRSTNAME", "word": "Sierra"}])
    assert "Queued retraining run #1" in admin(bot, fake, "retrain local epochs=1 rows=40 max_steps=4 batch_size=8")
    worker = worker_for(bot, tmp_path)
    assert worker.run_once()
    table = next(p for p in fake.called("chat.postMessage") if "Held-out evaluation" in p.params["text"])
    assert "Reported words on held-out workspace messages" in table.params["text"]
    held_out = (tmp_path / "runs" / "run-1" / "workspace_held_out.jsonl").read_text()
    assert '"words": ["kubectl", "sierra"]' in held_out
    card = (tmp_path / "runs" / "run-1" / "model" / "MODEL_CARD.md").read_text()
    assert "workspace feedback (2 allowed or reported words" in card


def test_gate_requires_the_reported_false_alarms_to_stop():
    gate = Gate(margin=0.01)
    same = {"leak_rate": 0.01, "over_masking": 0.02}
    assert gate.decide(same, same, {"live_false_alarms": 10, "stopped": 0.9})[0]
    ok, why = gate.decide(same, same, {"live_false_alarms": 10, "stopped": 0.5})
    assert not ok and "reported words" in why


def test_gate_refuses_a_model_that_touches_more_pii_free_workplace_messages():
    from training.workplace_check import compare_workplace

    gate = Gate(margin=0.01)
    same = {"leak_rate": 0.01, "over_masking": 0.02}
    ok, why = gate.decide(same, same, None, {"live_touched": 0.0, "new_touched": 0.078, "pii_free_messages": 77})
    assert not ok and "PII-free workplace messages" in why
    itself = compare_workplace(BUNDLED_MODEL_DIR, BUNDLED_MODEL_DIR)
    assert itself["new_touched"] == itself["live_touched"] and itself["pii_free_messages"] > 50
    assert itself["new_real_touched"] == itself["live_real_touched"] and itself["real_pii_free_messages"] > 300
    assert "duraspace_irc" not in itself["real_sources"]  # the held-out source never decides anything
    assert gate.decide(same, same, None, itself)[0]


def test_gate_refuses_a_model_that_is_worse_on_real_chat_and_mail():
    gate = Gate(margin=0.01)
    same = {"leak_rate": 0.01, "over_masking": 0.02}
    base = {"live_touched": 0.0, "new_touched": 0.0, "pii_free_messages": 77, "real_pii_free_messages": 384,
            "real_sources": ["ncar_zulip"], "live_real_touched": 0.03, "live_real_leak": 0.08}
    ok, why = gate.decide(same, same, None, {**base, "new_real_touched": 0.05, "new_real_leak": 0.08})
    assert not ok and "real chat and mail" in why
    ok, why = gate.decide(same, same, None, {**base, "new_real_touched": 0.03, "new_real_leak": 0.12})
    assert not ok and "leaks more PII in real chat" in why
    assert gate.decide(same, same, None, {**base, "new_real_touched": 0.02, "new_real_leak": 0.085})[0]


def test_feedback_rows_refill_placeholders_and_hold_out_fresh_templates():
    from training.feedback import MaskedCopy, WorkspaceFeedback, feedback_rows

    feedback = WorkspaceFeedback(allowed=["kubectl"], reported=["sierra"], denied=[("globex", "COMPANYNAME")],
                                 templates=[MaskedCopy("ping [FIRSTNAME] about [EMAIL] re sierra")] * 4)
    train, test = feedback_rows(feedback)
    refilled = [ex for ex in train + test if ex.text.startswith("ping ")]
    assert refilled and all("[" not in ex.text and {s.label for s in ex.spans} == {"FIRSTNAME", "EMAIL"} for ex in refilled)
    words = [ex for ex in train + test if "sierra" in ex.text.lower()]
    assert all(not any(ex.text[s.start:s.end].lower() == "sierra" for s in ex.spans) for ex in words)
    assert any(s.label == "COMPANYNAME" for ex in train for s in ex.spans if ex.text[s.start:s.end].lower() == "globex")
    train_shapes = {ex.text.lower().replace("sierra", "W") for ex in train
                    if "sierra" in ex.text.lower() and not ex.text.startswith("ping ")}
    assert not any(ex.text.lower().replace("sierra", "W") in train_shapes for ex in test
                   if "sierra" in ex.text.lower() and not ex.text.startswith("ping "))


def test_a_reported_placeholder_comes_back_as_its_word_not_as_fake_pii():
    """The author said the first placeholder was "Sierra": in the refilled copy it is plain text
    in that very position, while the other placeholders get synthetic values as PII."""
    from training.feedback import MaskedCopy, WorkspaceFeedback, feedback_rows

    copies = [MaskedCopy("[FIRSTNAME] deploy is stuck, ask [FIRSTNAME_2] [LASTNAME]", {0: "Sierra"}),
              MaskedCopy("[FIRSTNAME] alerts are noisy", {0: ""})]
    train, test = feedback_rows(WorkspaceFeedback(reported=["sierra"], templates=copies * 4), held_out=0.0)
    deploy = [ex for ex in train if "deploy is stuck" in ex.text]
    quiet = [ex for ex in deploy if ex.text.startswith("Sierra deploy")]
    assert quiet and all({s.label for s in ex.spans} == {"FIRSTNAME", "LASTNAME"} and ex.spans[0].start > 0
                         for ex in quiet)
    twins = [ex for ex in deploy if not ex.text.startswith("Sierra")]  # a real name there is still PII
    assert len(twins) == len(quiet) and all(ex.spans[0].start == 0 and ex.spans[0].label == "FIRSTNAME" for ex in twins)
    noisy = [ex for ex in train if "alerts are noisy" in ex.text and not ex.spans]
    assert noisy and all(ex.text == "sierra alerts are noisy" for ex in noisy)
