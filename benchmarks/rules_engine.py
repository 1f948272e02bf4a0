"""Rules engine figures (issue #2): per-label leak on real ai4privacy rows, leaks and false
alarms on Slack-style messages, and latency per 300-character message on one core.

    python benchmarks/rules_engine.py --data ../shared/data/eval [--json]

Presidio's pattern recognizers are measured in the same run when presidio-analyzer is installed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from data_paths import existing_path  # noqa: E402
from presidio_baseline import load_presidio  # noqa: E402
from slack_corpus import slack_corpus  # noqa: E402

from masking import build_pipeline  # noqa: E402
from masking.evaluation import evaluate, load_gold  # noqa: E402

TARGET_LABELS = ("EMAIL", "CREDIT_CARD", "IBAN", "SSN", "IP", "PHONE")
OPENLABELS = "ai4privacy_200k_en_openlabels_PARTIAL_LABELS.jsonl"


def messages_of(texts: list[str], size: int = 300) -> list[str]:
    """Consecutive rows joined into messages of exactly `size` characters."""
    out, current = [], ""
    for text in texts:
        current = f"{current} {text}" if current else text
        if len(current) >= size:
            out.append(current[:size])
            current = ""
    return out


def latency(find_spans, messages: list[str], repeat: int = 3) -> dict:
    for text in messages[:50]:
        find_spans(text)  # warm caches (phonenumbers metadata, regex compilation)
    timings = []
    for _ in range(repeat):
        for text in messages:
            t0 = time.perf_counter()
            find_spans(text)
            timings.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(timings, n=100)
    return {"messages": len(messages), "p50_ms": round(statistics.median(timings), 3), "p95_ms": round(q[94], 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=existing_path, required=True, help="folder holding the ai4privacy eval files")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    engines = {"maskbot rules": build_pipeline(engine="rules", policy="all").find_spans}  # gold labels every kind
    presidio = load_presidio(full=False)  # issue #2 compares pattern recognizers with pattern recognizers
    if presidio is not None:
        engines[presidio[0]] = presidio[1]

    gold = load_gold(args.data / OPENLABELS)
    slack = slack_corpus()
    messages = messages_of([g.text for g in gold])
    results = {}
    for name, find_spans in engines.items():
        real = evaluate(gold, find_spans, name).to_dict()
        synthetic = evaluate(slack, find_spans, name).to_dict()
        results[name] = {
            "openlabels_leak": {label: real["per_label"][label]["leak_rate"] for label in TARGET_LABELS},
            "openlabels_leak_targets_overall": round(
                sum(real["per_label"][l]["leaked_chars"] for l in TARGET_LABELS)
                / sum(real["per_label"][l]["pii_chars"] for l in TARGET_LABELS), 4),
            "slack_leak_rate": synthetic["leak_rate"],
            "slack_pii_free_flag_rate": synthetic["pii_free_flag_rate"],
            "slack_span_precision": synthetic["span_precision"],
            "latency_300_chars": latency(find_spans, messages),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    if presidio is None:
        print("(presidio-analyzer not installed: maskbot only)\n")
    print(f"{OPENLABELS}: {len(gold)} rows; Slack-style set: {len(slack)} messages "
          f"({sum(1 for g in slack if not g.spans)} PII-free)\n")
    names = list(results)
    print(f"{'measure':<38}" + "".join(f"{n:>20}" for n in names))
    for label in TARGET_LABELS:
        print(f"{'leak ' + label + ' (ai4privacy)':<38}" + "".join(f"{results[n]['openlabels_leak'][label]:>20.2%}" for n in names))
    rows = [
        ("leak, these six labels (ai4privacy)", "openlabels_leak_targets_overall", "{:>20.2%}"),
        ("leak (Slack-style)", "slack_leak_rate", "{:>20.2%}"),
        ("PII-free Slack msgs with a mask", "slack_pii_free_flag_rate", "{:>20.2%}"),
        ("span precision (Slack-style)", "slack_span_precision", "{:>20.3f}"),
    ]
    for title, key, fmt in rows:
        print(f"{title:<38}" + "".join(fmt.format(results[n][key]) for n in names))
    for key in ("p50_ms", "p95_ms"):
        print(f"{key + ' per 300-char msg, 1 core':<38}" + "".join(f"{results[n]['latency_300_chars'][key]:>20.3f}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
