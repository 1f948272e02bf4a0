"""`maskbot export mask …`: a Slack export ZIP, or a JSONL/Parquet dataset, masked whole."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DESCRIPTION = """Mask a whole Slack workspace export (the ZIP from Settings → Import/Export) or a
dataset's text column. An export keeps its layout: message text, thread replies, edits,
attachment and file titles and names, channel topics and users.json profile fields are masked;
ids, timestamps and every byte of a file with nothing to mask are kept. With --operator numbered
or hash the same value gets the same placeholder in every file (a salted HMAC: set
MASKBOT_HASH_SALT). The output is written as OUTPUT.partial and renamed when complete."""


def register_export(sub: argparse._SubParsersAction, engine_options) -> None:
    export = sub.add_parser("export", help="mask a whole Slack export or a dataset")
    actions = export.add_subparsers(metavar="action")
    mask = actions.add_parser("mask", help="write a masked copy", description=DESCRIPTION,
                              formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    mask.add_argument("input", type=Path, help="EXPORT.zip, DATASET.jsonl or DATASET.parquet")
    mask.add_argument("-o", "--output", type=Path, required=True, help="where the masked copy goes (same format)")
    mask.add_argument("--text-column", default="text", help="datasets: the field or column to mask")
    mask.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                      help="processes, each with its own model session (1: this process only)")
    mask.add_argument("--ray", action="store_true", help="run on Ray Data (a local Ray unless --ray-address)")
    mask.add_argument("--ray-address", help="a Ray cluster to run on (implies --ray); the input must be readable there")
    mask.add_argument("--skip-bad", action="store_true",
                      help="leave out a file or line that cannot be parsed (listed in the summary) instead of stopping")
    mask.add_argument("--max-file-mb", type=int, default=256, help="largest uncompressed file an export may hold")
    mask.add_argument("--quiet", action="store_true", help="no progress bar")
    engine_options(mask)
    mask.set_defaults(func=cmd_export_mask)


def cmd_export_mask(args: argparse.Namespace) -> int:
    from masking.exports.masker import ExportError, MaskSpec
    from masking.settings import MaskingSettings

    if args.workers < 1:
        raise ValueError(f"--workers must be at least 1 (got {args.workers})")
    if not args.input.is_file():
        raise ValueError(f"{args.input}: no such file")
    from masking.cli import members_from_args, terms_from_args

    allow, deny = terms_from_args(args)
    settings = MaskingSettings.from_env()
    spec = MaskSpec(settings, args.engine, args.operator, args.policy, tuple(allow), tuple(deny),
                    members_from_args(args))
    spec.pipeline()  # a bad engine, policy or missing salt stops here, before any work
    began = time.monotonic()
    try:
        summary, unit = _run(args, spec)
    except ExportError as exc:
        print(f"maskbot: {exc}; no output written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmaskbot: interrupted; no output written", file=sys.stderr)
        return 130
    summary.elapsed_s = time.monotonic() - began
    print(summary.table(unit))
    print(f"masked copy: {args.output}")
    return 1 if summary.skipped else 0


def _run(args: argparse.Namespace, spec):
    from masking.exports import datasets
    from masking.exports.progress import Progress

    suffix = args.input.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with Progress(args.input.stat().st_size, args.quiet) as progress:
            summary = datasets.mask_jsonl(args.input, args.output, spec, args.text_column, args.workers,
                                          args.skip_bad, on_chunk=lambda c: progress.advance(
                                              sum(len(x) for x in c.out), c.summary.messages))
        return summary, "rows"
    if suffix == ".parquet":
        return datasets.mask_parquet(args.input, args.output, spec, args.text_column), "rows"
    return _run_zip(args, spec), "messages"


def _run_zip(args: argparse.Namespace, spec):
    from masking.exports import executors
    from masking.exports.progress import Progress
    from masking.exports.summary import ExportSummary
    from masking.exports.zip_export import plan, write_zip

    job = plan(args.input, spec, args.max_file_mb)
    if args.ray or args.ray_address:
        results = executors.on_ray(job, args.workers, args.ray_address)
    elif args.workers > 1:
        results = executors.pooled(job, args.workers)
    else:
        results = executors.serial(job)
    with Progress(job.total_bytes, args.quiet) as progress:
        return write_zip(job, args.output, results, ExportSummary(), args.skip_bad,
                         on_file=lambda result, size: progress.advance(size, result.messages))

