"""Masking on real public text nobody here wrote (issue #15), per source, beside Presidio.

    python benchmarks/real_traffic.py [--folder data/realtext] [--tuning-only] [--show-errors N]

Each source is a hand-labelled sample of a public archive (see data/realtext/README.md):
span precision (masked spans that touch PII), PII-free messages touched, PII characters leaked,
and, over the source's further unlabelled messages, the share touched at all. Where a source's
logs name its speakers, a further column runs maskbot with them as the workspace's member list
(`masking.members`: what the bot reads from `users.list` or an export's `users.json`). The held-out
source is printed last and marked; `--tuning-only` leaves it out, which is how every tuning run
is made. `--show-errors` lists a tuning source's false alarms and leaks as masked/kept values
(for the developer's eyes; never the held-out source).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from presidio_baseline import load_presidio  # noqa: E402

from masking import build_pipeline  # noqa: E402
from masking.members import load_members  # noqa: E402
from masking.workspace_terms import WorkspaceTerms  # noqa: E402
from masking.evaluation.realtext import DEFAULT_FOLDER, HELD_OUT, KIND, TUNING, load_source, score_source  # noqa: E402
from masking.settings import MaskingSettings  # noqa: E402


def measure(source, find_spans) -> dict[str, str]:
    score = score_source(source, find_spans)
    report = score.report
    return {
        "span precision": f"{report.precision:.2f} ({report.right_spans}/{report.predicted_spans})",
        "PII-free msgs touched": f"{report.pii_free_flag_rate:.1%} of {report.pii_free_messages}",
        "PII chars leaked": f"{report.overall.leak_rate:.1%} of {report.overall.pii_chars}",
        "unlabelled msgs touched": f"{score.unlabelled_rate:.1%} of {score.unlabelled}" if score.unlabelled else "n/a",
    }


def show_errors(source, find_spans, limit: int) -> None:
    shown = 0
    for example in source.labelled:
        spans = find_spans(example.text)
        wrong = [example.text[s.start:s.end] + f"/{s.label}" for s in spans
                 if not any(s.overlaps(g) for g in example.spans)]
        leaked = [example.text[g.start:g.end] for g in example.spans
                  if not any(s.overlaps(g) for s in spans)]
        if wrong or leaked:
            print(f"  {example.text[:90]!r}\n    false alarms: {wrong}  leaked: {leaked}")
            shown += 1
            if shown >= limit:
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--tuning-only", action="store_true", help=f"leave the held-out source ({HELD_OUT}) out")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--policy", default="default")
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args()

    pipeline = build_pipeline(MaskingSettings.from_env(), engine=args.engine, policy=args.policy)
    engines = {f"maskbot {pipeline.name}": pipeline.find_spans}
    presidio = None if args.no_presidio else load_presidio()
    if presidio is not None:
        engines[presidio[0]] = presidio[1]
    elif not args.no_presidio:
        print("(presidio-analyzer not installed: pip install '.[bench]' for the side-by-side column)")
    names = list(TUNING) + ([] if args.tuning_only else [HELD_OUT])
    for name in names:
        source = load_source(name, args.folder)
        held = "  [HELD OUT: never used for tuning]" if name == HELD_OUT else ""
        print(f"\n## {name}: {KIND[name]}, {len(source.labelled)} labelled{held}")
        runs = dict(engines)
        if source.members:
            directory = load_members(args.folder / f"{name}.members.txt")  # as `--members FILE` reads it
            with_members = build_pipeline(MaskingSettings.from_env(), engine=args.engine, policy=args.policy,
                                          terms=WorkspaceTerms(members=directory))
            runs = {next(iter(engines)): pipeline.find_spans,
                    f"+ {len(source.members)} members": with_members.find_spans, **engines}
        results = {engine: measure(source, fn) for engine, fn in runs.items()}
        print(f"{'measure':<26}" + "".join(f"{n[:34]:>36}" for n in results))
        for key in next(iter(results.values())):
            print(f"{key:<26}" + "".join(f"{results[n][key]:>36}" for n in results))
        if args.show_errors and name != HELD_OUT:
            show_errors(source, pipeline.find_spans, args.show_errors)


if __name__ == "__main__":
    main()
