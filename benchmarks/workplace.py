"""Precision on workplace traffic (issue #9), default engine and policy, beside Presidio in one run.

    python benchmarks/workplace.py [--dev tests/fixtures/dev_workplace.txt] [--slack 1000]

Two sets: our hand-written development set (code, logs, JSON, links, chat shorthand, names in
many scripts; annotated for the default policy) and the generated Slack-style set of
`slack_corpus.py`. Prints PII and credential characters leaked, PII-free messages touched,
non-PII letters and digits masked, span precision, and how many messages keep their Slack markup
(every `<…>` token, code fence and mention) intact.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from presidio_baseline import load_presidio  # noqa: E402
from slack_corpus import slack_corpus  # noqa: E402

from masking import build_pipeline  # noqa: E402
from masking.evaluation import EvalReport, load_gold  # noqa: E402
from masking.evaluation.metrics import score_example  # noqa: E402
from masking.operators import LabelOperator  # noqa: E402
from masking.pipeline import render  # noqa: E402
from masking.settings import MaskingSettings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = ("SECRET", "PASSWORD")
_TOKEN = re.compile(r"<[^<>\n]*>")


def markup_intact(original: str, masked: str) -> bool:
    """Same number of `<…>` tokens, each with the same kind and the same `|` structure, and the
    same code fences and mentions."""
    before, after = _TOKEN.findall(original), _TOKEN.findall(masked)
    if len(before) != len(after) or original.count("```") != masked.count("```"):
        return False
    for a, b in zip(before, after):
        if a[1:2] in "@#!" and a != b:
            return False
        if a.count("|") != b.count("|") or a[1:2] != b[1:2]:
            return False
    return True


def measure(examples, find_spans, name: str) -> dict:
    report = EvalReport(name)
    credential = EvalReport(name)
    intact = 0
    for example in examples:
        spans = find_spans(example.text)
        score_example(report, example, spans)
        cred = [s for s in example.spans if s.label in CREDENTIALS]
        if cred:
            score_example(credential, type(example)(example.text, tuple(cred)), spans)
        intact += markup_intact(example.text, render(example.text, spans, LabelOperator()))
    return {
        "PII chars leaked": f"{report.overall.leak_rate:.2%}",
        "credential chars leaked": f"{credential.overall.leak_rate:.2%}" if credential.overall.pii_chars else "n/a",
        "PII-free msgs touched": f"{report.pii_free_flag_rate:.1%} of {report.pii_free_messages}",
        "non-PII alnum masked": f"{report.over_masking_alnum:.2%}",
        "span precision": f"{report.precision:.3f}",
        "markup intact": f"{intact / max(1, len(examples)):.1%}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT / "tests" / "fixtures" / "dev_workplace.txt")
    parser.add_argument("--slack", type=int, default=1000, help="messages in the generated Slack-style set")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--policy", default="default")
    args = parser.parse_args()

    pipeline = build_pipeline(MaskingSettings.from_env(), engine=args.engine, policy=args.policy)
    engines = {f"maskbot {pipeline.name} ({args.policy})": pipeline.find_spans}
    presidio = load_presidio()
    if presidio is not None:
        engines[presidio[0]] = presidio[1]
    else:
        print("(presidio-analyzer not installed: pip install '.[bench]' for the side-by-side column)")
    sets = {"hand-written workplace dev set": load_gold(args.dev), "Slack-style set": slack_corpus(args.slack)}
    for title, examples in sets.items():
        results = {name: measure(examples, fn, name) for name, fn in engines.items()}
        print(f"\n## {title} ({len(examples)} messages)")
        names = list(results)
        print(f"{'measure':<26}" + "".join(f"{n:>32}" for n in names))
        for key in next(iter(results.values())):
            print(f"{key:<26}" + "".join(f"{results[n][key]:>32}" for n in names))


if __name__ == "__main__":
    main()
