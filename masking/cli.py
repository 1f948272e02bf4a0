"""`maskbot`: mask text, mask JSON lines in batch, evaluate on gold data, show a demo.

Other packages add subcommands through the `maskbot.commands` entry-point group (the bot
adds `run`), so this module never imports them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from importlib.metadata import entry_points
from typing import Iterable, Sequence, TextIO

from masking.engines import EngineUnavailable, build_pipeline
from masking.members import MemberDirectory, load_members
from masking.operators import OPERATOR_NAMES
from masking.pipeline import MaskingError, MaskingPipeline
from masking.settings import ENGINE_NAMES, MaskingSettings
from masking.workspace_terms import build_terms, load_terms_file

EXIT_PARTIAL = 1  # some lines could not be masked
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_policy_values_joined(list(sys.argv[1:] if argv is None else argv)))
    if not hasattr(args, "func"):
        parser.print_help()
        return EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")  # lone surrogates must not crash output
    try:
        return args.func(args)
    except (EngineUnavailable, ValueError) as exc:
        print(f"maskbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a missing file, a directory, no permission: one line, not a traceback
        print(f"maskbot: cannot read {exc.filename or 'the input'}: {exc.strerror or type(exc).__name__}",
              file=sys.stderr)
        return EXIT_USAGE


def _policy_values_joined(argv: list[str]) -> list[str]:
    """`--policy -EMAIL` as `--policy=-EMAIL`: argparse would take a value starting with `-` for a flag."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        if i and argv[i - 1] == "--policy" and arg.startswith("-") and out and out[-1] == "--policy":
            out[-1] = f"--policy={arg}"
        else:
            out.append(arg)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="maskbot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(metavar="command")

    mask = sub.add_parser("mask", help="mask text given as an argument, or JSON lines on stdin")
    mask.add_argument("text", nargs="?", help="text to mask (omit with --jsonl)")
    mask.add_argument("--jsonl", action="store_true",
                      help='read {"text": ...} lines on stdin, write {"masked_text", "spans"} lines')
    mask.add_argument("--threads", type=int,
                      help="cores for --jsonl (default: MASKBOT_THREADS, else every core of this machine)")
    _engine_options(mask)
    mask.set_defaults(func=cmd_mask)

    evaluate = sub.add_parser("eval", help="measure leaks, precision and speed on a gold JSONL file")
    evaluate.add_argument("--data", required=True, help="gold JSONL (ours or either ai4privacy layout)")
    evaluate.add_argument("--limit", type=int, help="only the first N rows")
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    _engine_options(evaluate)
    evaluate.set_defaults(func=cmd_eval)

    demo = sub.add_parser("demo", help="mask a few realistic Slack messages and show before/after")
    _engine_options(demo)
    demo.set_defaults(func=cmd_demo)

    from masking.exports.cli import register_export

    register_export(sub, _engine_options)
    for plugin in entry_points(group="maskbot.commands"):
        plugin.load()(sub)
    return parser


def _engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINE_NAMES, help="default: MASKBOT_ENGINE or auto")
    parser.add_argument("--operator", choices=OPERATOR_NAMES, help="default: MASKBOT_OPERATOR or label")
    parser.add_argument("--policy", help="what to mask: default, strict, all, LABEL,LABEL… or default,+DATE,-USERNAME "
                                         "(default: MASKBOT_POLICY or default)")
    parser.add_argument("--allow", action="append", default=[], metavar="TERM",
                        help="never mask this word or phrase (repeatable; whole words, any case)")
    parser.add_argument("--deny", action="append", default=[], metavar="TERM[|LABEL]",
                        help="always mask this word or phrase, as LABEL or CUSTOM (repeatable)")
    parser.add_argument("--terms", metavar="FILE", help="a file of `allow: TERM` and `deny: TERM [| LABEL]` lines")
    parser.add_argument("--members", metavar="FILE", help="the workspace's people: Slack's users.json (or users.list "
                        "pages), or one handle a line; their handles and names are masked where text types them")


def _pipeline(args: argparse.Namespace, threads: int | None = None) -> MaskingPipeline:
    settings = MaskingSettings.from_env()
    if threads:
        settings = replace(settings, threads=threads)
    allow, deny = terms_from_args(args)
    terms = replace(build_terms(allow, deny), members=members_from_args(args))
    return build_pipeline(settings, engine=args.engine, operator=args.operator, policy=args.policy, terms=terms)


def members_from_args(args: argparse.Namespace) -> MemberDirectory:
    return load_members(args.members) if args.members else MemberDirectory()


def terms_from_args(args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """The allowed and denied terms of `--allow`, `--deny` and `--terms FILE`."""
    allow, deny = list(args.allow), list(args.deny)
    if args.terms:
        try:
            more_allow, more_deny = load_terms_file(args.terms)
        except OSError as exc:
            raise ValueError(f"cannot read the terms file {args.terms}: {exc.strerror}") from None
        allow, deny = allow + more_allow, deny + more_deny
    return allow, deny


def cmd_mask(args: argparse.Namespace) -> int:
    threads = args.threads or (None if "MASKBOT_THREADS" in os.environ or not args.jsonl else os.cpu_count())
    pipeline = _pipeline(args, threads)
    if args.jsonl:
        if args.text is not None:
            raise ValueError("give text as an argument or --jsonl on stdin, not both")
        return mask_jsonl(pipeline, sys.stdin.buffer, sys.stdout, sys.stderr)
    if args.text is None:
        raise ValueError('nothing to mask: maskbot mask "text" or maskbot mask --jsonl < file')
    try:
        print(pipeline.mask(args.text).masked_text)
    except MaskingError as exc:
        print(f"maskbot: {exc}", file=sys.stderr)
        return EXIT_PARTIAL
    return 0


def mask_jsonl(pipeline: MaskingPipeline, stdin: Iterable[bytes | str], stdout: TextIO, stderr: TextIO,
               batch_size: int = 32) -> int:
    """One output line per input line, same order. A bad line (not UTF-8, not JSON, no text)
    yields `{"error", "line"}` in its place, never its text, and the rest are still processed.
    Lines are masked in batches so the local model runs batched inference."""
    failures = 0
    batch: list[tuple[int, dict | str]] = []  # (line number, record or error message)

    def flush() -> None:
        nonlocal failures
        records = [(n, r) for n, r in batch if isinstance(r, dict)]
        try:
            results = dict(zip((n for n, _ in records), pipeline.mask_many([r["text"] for _, r in records])))
        except MaskingError:  # find the line that failed: every other line is still masked
            results = {n: _mask_one(pipeline, r["text"]) for n, r in records}
        for number, record in batch:
            outcome = results.get(number, record)
            if isinstance(outcome, (str, MaskingError)):
                failures += 1
                reason = str(outcome)
                print(f"maskbot: line {number}: {reason}", file=stderr)
                stdout.write(json.dumps({"line": number, "error": reason}) + "\n")
                continue
            out = {k: v for k, v in record.items() if k != "text"}
            out["masked_text"] = outcome.masked_text
            out["spans"] = [span.as_dict() for span in outcome.spans]
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        batch.clear()

    for number, line in enumerate(stdin, 1):  # a blank line is a line too: outputs stay aligned with inputs
        batch.append((number, "blank line" if not line.strip() else _parse_line(line, pipeline)))
        if len(batch) >= batch_size:
            flush()
    flush()
    stdout.flush()
    return EXIT_PARTIAL if failures else 0


def _mask_one(pipeline: MaskingPipeline, text: str):
    try:
        return pipeline.mask(text)
    except MaskingError as exc:
        return exc


def _parse_line(line: bytes | str, pipeline: MaskingPipeline) -> dict | str:
    """The record, or why it cannot be masked."""
    try:
        if isinstance(line, bytes):
            line = line.decode("utf-8")
        record = json.loads(line)
    except UnicodeDecodeError:
        return "not valid UTF-8"
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg}"
    if not isinstance(record, dict) or "text" not in record:
        return 'expected a JSON object with a "text" field'
    try:
        pipeline.check(record["text"])
    except MaskingError as exc:
        return str(exc)
    return record


def cmd_eval(args: argparse.Namespace) -> int:
    from masking.evaluation import evaluate, load_gold
    from masking.evaluation.metrics import format_report

    pipeline = _pipeline(args)
    examples = load_gold(args.data, args.limit)
    report = evaluate(examples, pipeline.find_spans, pipeline.name)
    print(json.dumps(report.to_dict(), indent=2) if args.json else format_report(report))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from masking.demo import run_demo

    run_demo(_pipeline(args), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
