"""`maskbot train local …` (and `gemini` once the Gemini path lands)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register_train(sub: argparse._SubParsersAction) -> None:
    train = sub.add_parser("train", help="tune a masking model (extra: maskbot[train])")
    kinds = train.add_subparsers(metavar="engine")
    local = kinds.add_parser("local", help="tune the local MiniLM tagger and export it as int8 ONNX")
    local.add_argument("--dataset", help="a JSONL path or ai4privacy/pii-masking-200k (default: synthetic + MIT mix)")
    local.add_argument("--data-dir", type=Path, help="reference data folder holding train/ (adds the MIT rows)")
    local.add_argument("--rows", type=int, default=30_000)
    local.add_argument("--epochs", type=int, default=2)
    local.add_argument("--batch-size", type=int, default=32)
    local.add_argument("--learning-rate", type=float, default=1e-4)
    local.add_argument("--max-steps", type=int, help="stop after N steps (smoke runs)")
    local.add_argument("--threads", type=int, help="CPU threads for torch")
    local.add_argument("--output", type=Path, default=None, help="run folder (default runs/local-<time>)")
    local.set_defaults(func=cmd_train_local)


def cmd_train_local(args: argparse.Namespace) -> int:
    import time

    try:
        from training.local_model.train import LocalTrainingConfig, train_local
    except ImportError as exc:
        print(f"maskbot: training needs the train extra (pip install 'maskbot[train]'): {exc}", file=sys.stderr)
        return 2
    output = args.output or Path("runs") / time.strftime("local-%Y%m%d-%H%M%S")
    config = LocalTrainingConfig(output_dir=output, rows=args.rows, epochs=args.epochs, batch_size=args.batch_size,
                                 learning_rate=args.learning_rate, max_steps=args.max_steps, threads=args.threads,
                                 dataset=args.dataset, data_dir=args.data_dir)
    run = train_local(config)
    print(f"plot: {run.artefacts.get('plot')}\nmodel card: {run.artefacts.get('model_card')}")
    return 0
