"""Local model figures (issue #3), side by side with Presidio in the same run.

    python benchmarks/local_model.py --data ../shared/data/eval

Leak rate (gold PII characters left visible) and span precision on the four ai4privacy files,
p50/p95 latency per message on one core, `maskbot mask --jsonl` whole-process throughput with
default settings beside Presidio's whole process,
model size, peak RSS and cold start. Presidio runs when presidio-analyzer is installed (with a
spaCy English model if one is installed; see presidio_baseline.py).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from data_paths import existing_path  # noqa: E402
from presidio_baseline import load_presidio  # noqa: E402

from masking import build_pipeline  # noqa: E402
from masking.engines.local_model import BUNDLED_MODEL_DIR  # noqa: E402
from masking.evaluation import evaluate, load_gold  # noqa: E402
from masking.settings import MaskingSettings  # noqa: E402

FILES = {
    "200k sample (complete gold)": "ai4privacy_200k_en_sample.jsonl",
    "2,000 rows, 11 labels": "ai4privacy_200k_en_openlabels_PARTIAL_LABELS.jsonl",
    "723 perturbed rows": "ai4privacy_200k_en_openlabels_adversarial_PARTIAL_LABELS.jsonl",
    "250 fr/nl rows": "ai4privacy_open500k_fr_nl_PARTIAL_LABELS.jsonl",
}
LATENCY_FILE = FILES["2,000 rows, 11 labels"]


def quality(engines: dict, data: Path) -> dict:
    out = {}
    for title, name in FILES.items():
        gold = load_gold(data / name)
        out[title] = {engine: evaluate(gold, fn, engine).to_dict() for engine, fn in engines.items()}
    return out


def latency(find_spans, texts: list[str]) -> dict:
    for text in texts[:20]:
        find_spans(text)
    timings = []
    for text in texts:
        t0 = time.perf_counter()
        find_spans(text)
        timings.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(statistics.median(timings), 2), "p95_ms": round(statistics.quantiles(timings, n=100)[94], 2)}


def whole_process(command: list[str], texts: list[str], env: dict | None = None) -> dict:
    """Messages per second of a whole process (start-up included) reading `{"text"}` lines."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}) + "\n")
    t0 = time.perf_counter()
    with open(handle.name, "rb") as stdin:
        done = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], stdin=stdin, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env, text=True)
    seconds = time.perf_counter() - t0
    os.unlink(handle.name)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} exited with {done.returncode}")
    return {"messages_per_s": round(len(texts) / seconds, 1), "seconds": round(seconds, 2),
            "peak_rss_mb": round(int(done.stderr.strip().splitlines()[-1]) / 1024, 1)}


# A small parent for the measured process: a child forked from this benchmark (model and spaCy
# loaded) would count this process's pages as its own peak until it execs.
_LAUNCHER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def jsonl_throughput(texts: list[str]) -> dict:
    """`maskbot mask --jsonl` with default settings (every core, default engine and policy)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MASKBOT_")}
    return whole_process([str(Path(sys.executable).with_name("maskbot")), "mask", "--jsonl"], texts, env)


def presidio_throughput(texts: list[str]) -> dict:
    return whole_process([sys.executable, str(Path(__file__).parent / "presidio_baseline.py")], texts)


def cold_start() -> dict:
    exe = Path(sys.executable).with_name("maskbot")
    t0 = time.perf_counter()
    subprocess.run([str(exe), "mask", "Ann Lee lives at 12 Elm Street"], stdout=subprocess.DEVNULL, check=True)
    return {"first_message_s": round(time.perf_counter() - t0, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=existing_path, required=True)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    # ai4privacy gold labels the whole taxonomy (dates, companies, URLs …): compare with --policy all.
    engines = {"maskbot auto (all)": build_pipeline(MaskingSettings.from_env(), policy="all").find_spans,
               "maskbot rules (all)": build_pipeline(engine="rules", policy="all").find_spans}
    presidio = load_presidio()
    if presidio is not None:
        engines[presidio[0]] = presidio[1]
    texts = [g.text for g in load_gold(args.data / LATENCY_FILE)]

    results: dict = {"quality": quality(engines, args.data)}
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[0]})
        results["latency_one_core"] = {name: latency(fn, texts) for name, fn in engines.items()}
        os.sched_setaffinity(0, set(cores))
    results["jsonl_default"] = jsonl_throughput(texts)
    if presidio is not None:
        results["presidio_process"] = presidio_throughput(texts)
    results["cold_start"] = cold_start()
    results["model_mb"] = round(sum(f.stat().st_size for f in BUNDLED_MODEL_DIR.iterdir()) / 2**20, 1)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    names = list(engines)
    print(f"{'data / measure':<44}" + "".join(f"{n:>18}" for n in names))
    for title, by_engine in results["quality"].items():
        print(f"{title + ': PII chars leaked':<44}" + "".join(f"{by_engine[n]['leak_rate']:>18.2%}" for n in names))
        print(f"{title + ': span precision':<44}" + "".join(f"{by_engine[n]['span_precision']:>18.3f}" for n in names))
    for key in ("p50_ms", "p95_ms"):
        print(f"{'one message, one core: ' + key:<44}" +
              "".join(f"{results['latency_one_core'][n][key]:>18.2f}" for n in names))
    j = results["jsonl_default"]
    print(f"\n`maskbot mask --jsonl` over {len(texts)} rows, default settings ({os.cpu_count()} cores), whole "
          f"process: {j['messages_per_s']} msg/s ({j['seconds']} s), peak RSS {j['peak_rss_mb']} MB")
    if "presidio_process" in results:
        p = results["presidio_process"]
        print(f"{presidio[0]}, whole process, same rows: {p['messages_per_s']} msg/s ({p['seconds']} s) "
              f"-> maskbot is {j['messages_per_s'] / p['messages_per_s']:.2f}x")
    print(f"cold start (process start to first masked message): {results['cold_start']['first_message_s']} s")
    print(f"bundled model: {results['model_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
