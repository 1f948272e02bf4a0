"""The seed recipe on today's platform: supervised tuning of Gemini on Vertex AI (google-genai).

The tutorial's knobs map onto Vertex as follows. Epochs: `epoch_count=2`, as in the recipe. Batch
size 4: Vertex exposes no batch size for Gemini supervised tuning (the service chooses it), so it
cannot be reproduced. Learning rate 0.001: Vertex takes a *multiplier* of its recommended rate
(`learning_rate_multiplier`, default 1.0), not an absolute rate; 1.0 is the closest honest setting.
`adapter_size` (LoRA rank) has no counterpart in the tutorial; ADAPTER_SIZE_FOUR is a small default.

Loss: the tuning job itself reports its state and completed epochs, and that is what maskbot
reports and plots (epochs completed over time). Vertex keeps per-step training and validation loss
in the job's page in the Cloud console; reading it would need google-cloud-aiplatform and an
experiment API that returns one row per run, so maskbot does not claim it.
"""
from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from masking.engines.gemini import SYSTEM_INSTRUCTION
from training.dataset import DATASET, load_frame, split
from training.reporting import ProgressEvent, Reporter, TerminalReporter

TERMINAL = {"JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED"}


@dataclass
class GeminiTuningConfig:
    bucket: str
    source: str = DATASET
    rows: int = 2000
    test_rows: int = 100
    language: str | None = "en"  # None: every language
    base_model: str = "gemini-2.5-flash"
    epochs: int = 2
    learning_rate_multiplier: float = 1.0
    adapter_size: str = "ADAPTER_SIZE_FOUR"
    display_name: str = "pii-model"
    prefix: str = "maskbot-tuning"
    poll_initial_s: float = 15.0
    poll_max_s: float = 120.0


@dataclass
class GeminiTuningRun:
    job_name: str = ""
    state: str = ""
    endpoint: str = ""
    error: str = ""
    epochs_completed: int = 0
    elapsed_s: float = 0.0
    progress: list[tuple[float, int, str]] = field(default_factory=list)  # (elapsed s, epochs done, state)
    loss_note: str = ""
    dataset_uris: dict[str, str] = field(default_factory=dict)


def vertex_example(prompt: str, output: str) -> dict:
    return {"systemInstruction": {"role": "system", "parts": [{"text": SYSTEM_INSTRUCTION}]},
            "contents": [{"role": "user", "parts": [{"text": prompt}]},
                         {"role": "model", "parts": [{"text": output}]}]}


def write_jsonl(frame, path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for prompt, output in zip(frame["prompt"], frame["output"]):
            handle.write(json.dumps(vertex_example(prompt, output), ensure_ascii=False) + "\n")
    return path


def prepare(config: "GeminiTuningConfig", out_dir: Path) -> dict[str, Path]:
    """The tuning data as Vertex AI reads it (`train.jsonl`, `validation.jsonl`, the prompt in each
    example), written locally: inspect or upload it yourself, no Google credentials needed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = split(load_frame(config.source, config.rows, config.language), config.test_rows)
    return {name: write_jsonl(part, out_dir / f"{name}.jsonl") for name, part in (("train", parts.train),
                                                                                 ("validation", parts.test))}


def upload(storage_client, bucket: str, local: Path, name: str) -> str:
    blob = storage_client.bucket(bucket).blob(name)
    blob.upload_from_filename(str(local), content_type="application/jsonl")
    return f"gs://{bucket}/{name}"


def tune_gemini(genai_client, storage_client, config: GeminiTuningConfig, reporter: Reporter | None = None,
                should_stop: Callable[[], bool] = lambda: False,
                sleep: Callable[[float], None] = time.sleep) -> GeminiTuningRun:
    from google.genai import types

    reporter = reporter or TerminalReporter()
    run = GeminiTuningRun()
    began = time.monotonic()
    frame = load_frame(config.source, config.rows, config.language)
    parts = split(frame, config.test_rows)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory() as tmp:
        for name, part in (("train", parts.train), ("validation", parts.test)):
            local = write_jsonl(part, Path(tmp) / f"{name}.jsonl")
            run.dataset_uris[name] = upload(storage_client, config.bucket, local, f"{config.prefix}/{stamp}/{name}.jsonl")

    job = genai_client.tunings.tune(
        base_model=config.base_model,
        training_dataset=types.TuningDataset(gcs_uri=run.dataset_uris["train"]),
        config=types.CreateTuningJobConfig(
            epoch_count=config.epochs, learning_rate_multiplier=config.learning_rate_multiplier,
            adapter_size=config.adapter_size, tuned_model_display_name=config.display_name,
            validation_dataset=types.TuningValidationDataset(gcs_uri=run.dataset_uris["validation"])),
    )
    run.job_name = job.name
    reporter.report(ProgressEvent("start", total_epochs=config.epochs, state=_state(job),
                                  message=f"Gemini tuning job {job.name}"))
    delay = config.poll_initial_s
    cancel_sent = False
    while _state(job) not in TERMINAL:
        if should_stop() and not cancel_sent:
            genai_client.tunings.cancel(name=job.name)
            cancel_sent = True
        sleep(delay)
        delay = min(delay * 1.5, config.poll_max_s)
        job = genai_client.tunings.get(name=job.name)
        run.epochs_completed = _epochs(job)
        elapsed = time.monotonic() - began
        run.progress.append((round(elapsed, 1), run.epochs_completed, _state(job)))
        eta = elapsed / run.epochs_completed * (config.epochs - run.epochs_completed) if run.epochs_completed else None
        reporter.report(ProgressEvent("state", epoch=run.epochs_completed, total_epochs=config.epochs,
                                      elapsed_s=elapsed, eta_s=eta, state=_state(job)))
    run.state = _state(job)
    run.elapsed_s = time.monotonic() - began
    if run.state == "JOB_STATE_SUCCEEDED":
        run.endpoint = job.tuned_model.endpoint
        run.epochs_completed = config.epochs
        run.loss_note = "per-step loss is on the tuning job's page in the Vertex AI console"
        message = f"tuned model endpoint: {run.endpoint}"
    else:
        run.error = (job.error.message if job.error and job.error.message else run.state)
        message = f"tuning ended {run.state}: {run.error}"
    reporter.report(ProgressEvent("end", epoch=run.epochs_completed, total_epochs=config.epochs,
                                  elapsed_s=run.elapsed_s, state=run.state, message=message))
    return run


def _state(job) -> str:
    state = job.state
    return getattr(state, "value", None) or str(state or "")


def _epochs(job) -> int:
    meta = getattr(job, "tuning_job_metadata", None)
    return int(meta.completed_epoch_count or 0) if meta else 0


def make_storage_client(project: str, **overrides):
    """The one place the Cloud Storage client is created (tests point it at a stub)."""
    from google.cloud import storage

    return storage.Client(project=project or None, **overrides)


def evaluate_tuned(genai_client, settings, frame, limit: int = 100) -> dict:
    """Held-out rows through the tuned endpoint, as the bot would run it (Gemini, rules beside)."""

    from masking.engines.gemini import GeminiDetector
    from masking.engines.rules import RulesDetector
    from masking.evaluation import evaluate
    from masking.evaluation.gold import GoldExample
    from masking.pipeline import MaskingPipeline
    from masking.policy import parse_policy
    from masking.spans import Span

    detector = GeminiDetector(genai_client, settings)
    pipeline = MaskingPipeline([_Tolerant(detector), RulesDetector()], policy=parse_policy("all"))  # gold: every label
    gold = [GoldExample(row["input"], tuple(Span(s["start"], s["end"], s["label"]) for s in row["spans"]))
            for row in frame.head(limit).to_dict("records")]
    report = evaluate(gold, pipeline.find_spans, "gemini+rules").to_dict()
    report.pop("per_label")
    report.update(rejected=detector.stats.rejected, errors=detector.stats.errors)
    return report


class _Tolerant:
    """For measuring only: a rejected reply counts as finding nothing (it is counted apart)."""

    def __init__(self, detector) -> None:
        self.detector = detector
        self.name = detector.name

    def detect(self, text):
        from masking.alignment import RewriteRejected
        from masking.engines.gemini import GeminiUnavailable

        try:
            return self.detector.detect(text)
        except (RewriteRejected, GeminiUnavailable):
            return []
