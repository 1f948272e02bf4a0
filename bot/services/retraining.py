"""Retraining from chat, as the worker process runs it: train, report, compare, gate, promote."""
from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from bot.services.container import Services
from bot.store.models import TrainingRunRow
from masking.engines.local_model import BUNDLED_MODEL_DIR
from training.reporting import metrics_table
from training.slack_reporter import SlackReporter

log = logging.getLogger(__name__)
HEARTBEAT_EVERY_S = 10.0  # from a thread of its own, so export and evaluation keep beating too
STALE_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Gate:
    """A new model goes live only if it leaks no more PII characters than the live one on the
    same held-out rows, over-masks at most `margin` more, stops the reported false alarms,
    touches no more PII-free messages of the hand-written workplace set, and on the real-text
    tuning sources touches no more PII-free messages and leaks at most `real_leak_margin` more
    (training.workplace_check)."""

    margin: float = 0.005
    stop_share: float = 0.8  # of the live model's false alarms on reported words, the share that must stop
    real_leak_margin: float = 0.01  # the real-text sets are small: a few characters are not a drift

    def decide(self, new: dict, current: dict, workspace: dict | None = None,
               workplace: dict | None = None) -> tuple[bool, str]:
        if workplace and "new_touched" in workplace and workplace["new_touched"] > workplace["live_touched"]:
            return False, (f"it touches more PII-free workplace messages ({workplace['new_touched']:.1%} of "
                           f"{workplace['pii_free_messages']} vs {workplace['live_touched']:.1%})")
        if workplace and "new_real_touched" in workplace:
            if workplace["new_real_touched"] > workplace["live_real_touched"]:
                return False, (f"it touches more PII-free messages of real chat and mail "
                               f"({workplace['new_real_touched']:.1%} of {workplace['real_pii_free_messages']} vs "
                               f"{workplace['live_real_touched']:.1%})")
            if workplace["new_real_leak"] > workplace["live_real_leak"] + self.real_leak_margin:
                return False, (f"it leaks more PII in real chat and mail ({workplace['new_real_leak']:.1%} of "
                               f"characters vs {workplace['live_real_leak']:.1%})")
        if workspace and workspace["live_false_alarms"] and workspace["stopped"] < self.stop_share:
            return False, (f"it still masks the workspace's reported words (it stopped {workspace['stopped']:.0%} of the "
                           f"live model's false alarms; {self.stop_share:.0%} needed)")
        if new["leak_rate"] > current["leak_rate"]:
            return False, (f"it leaks more PII ({new['leak_rate']:.2%} of characters vs {current['leak_rate']:.2%})")
        if new["over_masking"] > current["over_masking"] + self.margin:
            return False, (f"it over-masks more ({new['over_masking']:.2%} vs {current['over_masking']:.2%}, "
                           f"margin {self.margin:.2%})")
        return True, "it leaks no more and over-masks within the margin"


def _model_dir(live) -> Path:
    """The live local model's folder, or the bundled one while none was promoted."""
    return Path(live.path) if live else BUNDLED_MODEL_DIR


def evaluate_local(model_dir: Path, held_out_path: Path) -> dict:
    """A model beside the rules (what `auto` runs) on a saved held-out split."""
    from masking.evaluation import load_gold
    from training.local_model.train import evaluate_model

    return evaluate_model(model_dir, load_gold(held_out_path))["local+rules"]


class RetrainingWorker:
    def __init__(self, services: Services, runs_dir: Path, *, min_update_s: float = 5.0, gate: Gate = Gate(),
                 data_dir: Path | None = None, threads: int | None = None, gemini_clients=None,
                 heartbeat_every_s: float = HEARTBEAT_EVERY_S, stale_after: timedelta = STALE_AFTER) -> None:
        self.services = services
        self.heartbeat_every_s = heartbeat_every_s
        self.stale_after = stale_after
        self.store = services.store
        self.runs_dir = runs_dir
        self.min_update_s = min_update_s
        self.gate = gate
        self.data_dir = data_dir
        self.threads = threads
        self.gemini_clients = gemini_clients  # (genai client, storage client) for tests; built on demand
        self.name = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

    def run_forever(self, poll_s: float = 5.0, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.is_set():
            if not self.run_once():
                stop.wait(poll_s)

    def run_once(self) -> bool:
        for run_id in self.store.fail_stale_runs(self.stale_after):
            log.warning("run #%s failed: its worker stopped", run_id)
            self._notice(f":x: Retraining #{run_id} failed: its worker stopped (no heartbeat for "
                         f"{int(self.stale_after.total_seconds())} s). The current model stays live.")
        run = self.store.claim_next_run(self.name)
        if run is None:
            return False
        self.execute(run)
        return True

    def execute(self, run: TrainingRunRow) -> None:
        channel = self.services.redactor.report_channel() or run.channel_id
        reporter = SlackReporter(self.services.bot, channel, f"Retraining #{run.id} ({run.kind})",
                                 min_interval_s=self.min_update_s)
        stop = threading.Event()

        def beat() -> None:
            while not stop.is_set():
                try:
                    if not self.store.heartbeat(run.id, self.name):
                        stop.set()  # cancelled, or no longer ours: stop at the next step
                        return
                except Exception as exc:  # a database blip: keep training, beat again soon
                    log.warning("heartbeat failed: %s", type(exc).__name__)
                stop.wait(self.heartbeat_every_s)

        beater = threading.Thread(target=beat, name=f"heartbeat-{run.id}", daemon=True)
        beater.start()

        def should_stop() -> bool:
            return stop.is_set()

        try:
            if run.kind == "gemini":
                self._gemini(run, reporter, should_stop)
            else:
                self._local(run, reporter, should_stop)
        except Exception as exc:  # a failed run leaves the live model in place
            log.exception("run #%s failed", run.id)
            self.store.finish_run(run.id, "failed", error=type(exc).__name__)
            self._say(reporter, f":x: Retraining #{run.id} failed ({type(exc).__name__}); the current model stays live.")
        finally:
            stop.set()
            if reporter.ts:
                self.store.update_run(run.id, message_ts=reporter.ts, channel_id=reporter.channel)

    def _local(self, run: TrainingRunRow, reporter: SlackReporter, should_stop) -> None:
        from training.local_model.train import LocalTrainingConfig, train_local

        params = run.params or {}
        config = LocalTrainingConfig(
            output_dir=self.runs_dir / f"run-{run.id}", rows=int(params.get("rows", 30_000)),
            epochs=int(params.get("epochs", 2)), dataset=params.get("dataset"), data_dir=self.data_dir,
            threads=self.threads, max_steps=int(params["max_steps"]) if params.get("max_steps") else None,
            batch_size=int(params.get("batch_size", 32)),
            feedback_from=self.services.settings.database_url,  # the workspace's corrections, ids and words only
            start_from=None if params.get("start") == "base" else _model_dir(self.store.live_version("local")))
        result = train_local(config, reporter, should_stop)
        if result.cancelled:
            self.store.finish_run(run.id, "cancelled")
            self._say(reporter, f"Retraining #{run.id} was cancelled; the current model stays live.")
            return
        reporter.upload_png(Path(result.artefacts["plot"]), f"Retraining #{run.id}: loss")
        live = self.store.live_version("local")
        current_dir = _model_dir(live)
        new = evaluate_local(result.model_dir, result.held_out_path)
        current = evaluate_local(current_dir, result.held_out_path)
        version = f"local-run{run.id}"
        workspace = None
        if result.workspace_held_out_path:
            from training.feedback import compare_false_alarms

            workspace = compare_false_alarms(result.model_dir, current_dir,
                                             result.workspace_held_out_path)
            new["workspace"] = workspace
        from training.workplace_check import compare_workplace

        workplace = compare_workplace(result.model_dir, current_dir)
        if workplace:
            new["workplace"] = workplace
        self.store.add_version(version, "local", str(result.model_dir), new)
        promote, why = self.gate.decide(new, current, workspace, workplace)
        reporter.reply("Held-out evaluation (same rows for both):\n" + metrics_table(
            {f"new ({version})": new, f"live ({live.version if live else 'bundled'})": current})
            + (f"\nReported words on held-out workspace messages: masked {workspace['live_rate']:.0%} of "
               f"{workspace['occurrences']} times by the live model, {workspace['new_rate']:.0%} by the new one "
               f"(stopped {workspace['stopped']:.0%} of the live model's false alarms)" if workspace else "")
            + (f"\nPII-free workplace messages touched: {workplace['live_touched']:.1%} by the live model, "
               f"{workplace['new_touched']:.1%} by the new one (of {workplace['pii_free_messages']})"
               if workplace and "new_touched" in workplace else "")
            + (f"\nReal chat and mail ({', '.join(workplace['real_sources'])}): PII-free messages touched "
               f"{workplace['live_real_touched']:.1%} live vs {workplace['new_real_touched']:.1%} new (of "
               f"{workplace['real_pii_free_messages']}); PII characters leaked {workplace['live_real_leak']:.1%} "
               f"live vs {workplace['new_real_leak']:.1%} new" if workplace and "new_real_touched" in workplace else ""))
        if promote:
            self.store.set_live(version)
            self._say(reporter, f":white_check_mark: `{version}` is now live: {why}.")
        else:
            self._say(reporter, f":no_entry: `{version}` is kept as a candidate, not promoted: {why}. "
                                f"Promote it anyway with `/mask-admin model use {version}`.")
        self.store.finish_run(run.id, "succeeded", metrics={"new": new, "current": current}, version=version,
                              artefacts=result.artefacts)

    def _gemini(self, run: TrainingRunRow, reporter: SlackReporter, should_stop) -> None:
        from masking.engines.gemini import make_client
        from training.gemini_tuning import (GeminiTuningConfig, evaluate_tuned, make_storage_client,
                                            tune_gemini)
        from training.dataset import load_frame, split

        settings = self.services.settings.masking.gemini
        if self.gemini_clients is not None:
            genai, storage = self.gemini_clients
        else:
            if not (settings.use_vertex and settings.project and settings.tuning_bucket):
                raise RuntimeError("Gemini tuning needs GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_CLOUD_PROJECT and "
                                   "MASKBOT_TUNING_BUCKET")
            genai, storage = make_client(settings), make_storage_client(settings.project)
        params = run.params or {}
        config = GeminiTuningConfig(bucket=settings.tuning_bucket or "maskbot-tuning",
                                    source=params.get("dataset") or "ai4privacy/pii-masking-200k",
                                    rows=int(params.get("rows", 2000)), test_rows=int(params.get("test_rows", 100)),
                                    epochs=int(params.get("epochs", 2)), base_model=settings.base_model,
                                    poll_initial_s=float(params.get("poll_s", 15)))
        result = tune_gemini(genai, storage, config, reporter, should_stop)
        if result.state != "JOB_STATE_SUCCEEDED":
            state = "cancelled" if result.state == "JOB_STATE_CANCELLED" else "failed"
            self.store.finish_run(run.id, state, error=result.error[:200])
            self._say(reporter, f"Gemini tuning ended {result.state}: {result.error}. The current model stays live.")
            return
        held_out = split(load_frame(config.source, config.rows, config.language), config.test_rows).test
        metrics = evaluate_tuned(genai, replace(settings, use_vertex=True, tuned_endpoint=result.endpoint), held_out)
        version = f"gemini-run{run.id}"
        self.store.add_version(version, "gemini", result.endpoint, metrics)
        live = self.store.live_version("gemini")
        promote, why = (True, "it is the first tuned Gemini model") if live is None else \
            self.gate.decide(metrics, live.metrics)
        reporter.reply("Held-out evaluation:\n" + metrics_table({f"new ({version})": metrics}))
        if promote:
            self.store.set_live(version)
        self._say(reporter, f"`{version}` ({result.endpoint}) " + ("is now live" if promote else "is a candidate")
                  + f": {why}. {result.loss_note}")
        self.store.finish_run(run.id, "succeeded", metrics={"new": metrics}, version=version)

    def _notice(self, text: str) -> None:
        channel = self.services.redactor.report_channel()
        if channel:
            try:
                self.services.bot.chat_postMessage(channel=channel, text=text)
            except Exception as exc:  # the run is failed in the database whether or not Slack hears it
                log.warning("report channel post failed: %s", type(exc).__name__)

    @staticmethod
    def _say(reporter: SlackReporter, text: str) -> None:
        try:
            reporter.reply(text) if reporter.ts else reporter.client.chat_postMessage(channel=reporter.channel, text=text)
        except Exception as exc:
            log.warning("could not post to Slack: %s", type(exc).__name__)
