"""`maskbot train local …` (and `gemini` once the Gemini path lands)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError


def register_train(sub: argparse._SubParsersAction) -> None:
    train = sub.add_parser("train", help="tune a masking model (extra: maskbot[train])")
    kinds = train.add_subparsers(metavar="engine")
    defaults = argparse.ArgumentDefaultsHelpFormatter
    local = kinds.add_parser("local", help="tune the local MiniLM tagger and export it as int8 ONNX",
                             formatter_class=defaults)
    local.add_argument("--dataset", help="a JSONL path or ai4privacy/pii-masking-200k (default: synthetic + MIT mix)")
    local.add_argument("--data-dir", type=Path, help="reference data folder holding train/ (adds the MIT rows)")
    local.add_argument("--rows", type=int, default=30_000, help="synthetic rows generated (the MIT rows come on top)")
    local.add_argument("--epochs", type=int, default=2, help="passes over the training rows")
    local.add_argument("--batch-size", type=int, default=32, help="windows per optimiser step")
    local.add_argument("--learning-rate", type=float,
                       help="AdamW peak learning rate (default 1e-4; with --start-from 3e-4, or 5e-4 with --no-distil)")
    local.add_argument("--max-steps", type=int, help="stop after N steps (smoke runs)")
    local.add_argument("--threads", type=int, help="CPU threads for torch")
    local.add_argument("--output", type=Path, default=None, help="run folder (default runs/local-<time>)")
    local.add_argument("--report-channel", help="also report progress to this Slack channel id (needs SLACK_BOT_TOKEN)")
    local.add_argument("--feedback-from", metavar="DATABASE_URL",
                       help="the bot's database: learn its allowed/denied terms, reported words and masked copies")
    local.add_argument("--start-from", type=Path, metavar="MODEL_DIR",
                       help="continue from a maskbot model folder (e.g. masking/models/pii-minilm) instead of the base encoder")
    local.add_argument("--real-text", type=Path, metavar="JSONL",
                       help="also learn real messages (a `text` per line), labelled by the masker and --real-members")
    local.add_argument("--real-members", type=Path, metavar="FILE",
                       help="the real messages' member list (users.json, or one handle or name a line)")
    local.add_argument("--no-distil", dest="distil", action="store_false",
                       help="with --start-from: learn the labels alone, without also matching the model continued from")
    local.set_defaults(func=cmd_train_local)

    gemini = kinds.add_parser("gemini", help="tune Gemini on Vertex AI with the seed recipe (google-genai)",
                              formatter_class=defaults)
    gemini.add_argument("--dataset", default="ai4privacy/pii-masking-200k", help="hub id or local JSONL/parquet")
    gemini.add_argument("--rows", type=int, default=2000)
    gemini.add_argument("--test-rows", type=int, default=100)
    gemini.add_argument("--language", default="en", help="keep only rows of this language (en, de, fr, it; all: every row)")
    gemini.add_argument("--epochs", type=int, default=2)
    gemini.add_argument("--learning-rate-multiplier", type=float, default=1.0)
    gemini.add_argument("--adapter-size", default="ADAPTER_SIZE_FOUR")
    gemini.add_argument("--base-model", help="default GEMINI_BASE_MODEL or gemini-2.5-flash")
    gemini.add_argument("--bucket", help="default MASKBOT_TUNING_BUCKET")
    gemini.add_argument("--report-channel", help="also report progress to this Slack channel id (needs SLACK_BOT_TOKEN)")
    gemini.add_argument("--prepare-only", type=Path, metavar="OUT_DIR",
                        help="write the train/validation split as Vertex AI JSONL here and stop (no credentials needed)")
    gemini.set_defaults(func=cmd_train_gemini)


def cmd_train_local(args: argparse.Namespace) -> int:
    import time

    try:
        from training.local_model.train import LocalTrainingConfig, held_out_summary, train_local
    except ImportError as exc:
        print(f"maskbot: training needs the train extra (pip install 'maskbot[train]'): {exc}", file=sys.stderr)
        return 2
    problem = _local_args_problem(args)
    if problem:
        print(f"maskbot: {problem}", file=sys.stderr)
        return 2
    output = args.output or Path("runs") / time.strftime("local-%Y%m%d-%H%M%S")
    config = LocalTrainingConfig(output_dir=output, rows=args.rows, epochs=args.epochs, batch_size=args.batch_size,
                                 learning_rate=args.learning_rate, max_steps=args.max_steps, threads=args.threads,
                                 dataset=args.dataset, data_dir=args.data_dir, feedback_from=args.feedback_from,
                                 start_from=args.start_from, distil=args.distil, real_text=args.real_text,
                                 real_members=args.real_members)
    reporter, slack = reporters(args.report_channel, "Local model training")
    try:
        run = train_local(config, reporter)
    except KeyboardInterrupt:
        print(f"\nmaskbot: training interrupted; nothing was exported (run folder {output})", file=sys.stderr)
        return 130
    except SQLAlchemyError as exc:
        print(f"maskbot: cannot read --feedback-from: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}",
              file=sys.stderr)
        return 2
    if slack is not None and run.artefacts.get("plot"):
        slack.upload_png(Path(run.artefacts["plot"]), "loss per epoch")
        slack.reply(f"{held_out_summary(run.metrics)}; model in {run.model_dir}")
    print(comparison_table(run, args.start_from))
    print(f"plot: {run.artefacts.get('plot')}\nmodel card: {run.artefacts.get('model_card')}")
    return 0


def comparison_table(run, live_dir: Path | None) -> str:
    """The table the report channel shows: the live model and the new one on the same held-out rows."""
    from masking.engines.local_model import BUNDLED_MODEL_DIR
    from masking.evaluation import load_gold
    from training.local_model.train import evaluate_model
    from training.reporting import metrics_table

    live_dir = Path(live_dir or BUNDLED_MODEL_DIR)
    live = evaluate_model(live_dir, load_gold(run.held_out_path))["local+rules"]
    return "Held-out evaluation (same rows for both, model + rules):\n" + metrics_table(
        {f"live ({live_dir.name})": live, f"new ({Path(run.model_dir).parent.name})": run.metrics["local+rules"]})


def _local_args_problem(args: argparse.Namespace) -> str:
    """Why these arguments would train nothing, or train on nothing; '' when they are fine."""
    if args.rows is not None and args.rows < 1:
        return f"--rows must be at least 1 (got {args.rows})"
    if args.epochs is not None and args.epochs < 1:
        return f"--epochs must be at least 1 (got {args.epochs})"
    if args.max_steps is not None and args.max_steps < 1:
        return f"--max-steps must be at least 1 (got {args.max_steps})"
    if args.data_dir is not None and not (args.data_dir / "train").is_dir():
        return f"--data-dir {args.data_dir}: no train/ folder there (the reference data lives in ../shared/data)"
    if args.feedback_from:
        url = make_url_or_none(args.feedback_from)
        if url is None:
            return f"--feedback-from {args.feedback_from!r} is not a database URL"
        if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
            return f"--feedback-from: no database at {url.database} (the bot's DATABASE_URL, e.g. sqlite:///maskbot.db)"
    return ""


def make_url_or_none(value: str):
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(value)
    except ArgumentError:
        return None


def reporters(channel: str | None, title: str):
    """The terminal bar, plus a Slack progress message when a channel is given."""
    from training.reporting import FanOut, TerminalReporter

    if not channel:
        return TerminalReporter(), None
    from dotenv import load_dotenv

    from slack_access import bot_client_from_env
    from training.slack_reporter import SlackReporter

    load_dotenv(override=False)
    slack = SlackReporter(bot_client_from_env(), channel, title)
    return FanOut([TerminalReporter(), slack]), slack


def cmd_train_gemini(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from masking.engines.gemini import make_client
    from masking.settings import MaskingSettings
    from training import registry
    from training.gemini_tuning import GeminiTuningConfig, evaluate_tuned, make_storage_client, tune_gemini

    settings = MaskingSettings.from_env().gemini
    bucket = args.bucket or settings.tuning_bucket
    if args.prepare_only:
        from training.gemini_tuning import prepare

        config = GeminiTuningConfig(bucket=bucket or "-", source=args.dataset, rows=args.rows, test_rows=args.test_rows,
                                    language=None if args.language == "all" else args.language)
        written = prepare(config, args.prepare_only)
        for name, path in written.items():
            print(f"{name}: {path} ({sum(1 for _ in open(path, encoding='utf-8'))} examples)")
        return 0
    if not (settings.use_vertex and settings.project and bucket):
        print("maskbot: Gemini tuning runs on Vertex AI: set GOOGLE_GENAI_USE_VERTEXAI=true, GOOGLE_CLOUD_PROJECT, "
              "GOOGLE_CLOUD_LOCATION and MASKBOT_TUNING_BUCKET (or --bucket)", file=sys.stderr)
        return 2
    config = GeminiTuningConfig(bucket=bucket, source=args.dataset, rows=args.rows, test_rows=args.test_rows,
                                language=None if args.language == "all" else args.language, base_model=args.base_model or settings.base_model,
                                epochs=args.epochs, learning_rate_multiplier=args.learning_rate_multiplier,
                                adapter_size=args.adapter_size)
    try:
        client, storage = make_client(settings), make_storage_client(settings.project)
    except Exception as exc:  # google.auth's DefaultCredentialsError and kin: one line, naming what to set
        if "credentials" not in type(exc).__name__.lower() and "credentials" not in str(exc).lower():
            raise
        print("maskbot: no Google credentials: run `gcloud auth application-default login`, or set "
              "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file (or use --prepare-only OUT_DIR)",
              file=sys.stderr)
        return 2
    reporter, _ = reporters(args.report_channel, "Gemini tuning")
    run = tune_gemini(client, storage, config, reporter)
    if run.state != "JOB_STATE_SUCCEEDED":
        return 1
    from training.dataset import load_frame, split

    held_out = split(load_frame(config.source, config.rows, config.language), config.test_rows).test
    metrics = evaluate_tuned(client, replace(settings, tuned_endpoint=run.endpoint), held_out)
    registry.register("gemini", run.job_name, run.endpoint, metrics)
    print(f"held-out: leak rate {metrics['leak_rate']:.2%}, span precision {metrics['span_precision']:.3f}; "
          f"{run.loss_note}\nset GEMINI_TUNED_ENDPOINT={run.endpoint}")
    return 0
