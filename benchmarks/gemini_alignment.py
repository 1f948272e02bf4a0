"""Gemini engine figures (issue #4): the cost of aligning a reply with its input, with a stub that
replies like a perfect model, through the real google-genai client.

    python benchmarks/gemini_alignment.py --data ../shared/data/eval/ai4privacy_200k_en_sample.jsonl
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

from data_paths import existing_path  # noqa: E402

from masking import build_pipeline  # noqa: E402
from masking.alignment import align  # noqa: E402
from masking.engines.gemini import make_client  # noqa: E402
from masking.evaluation import evaluate, load_gold  # noqa: E402
from masking.settings import GeminiSettings, MaskingSettings  # noqa: E402
from tests.fakes.gemini_api import FakeGemini  # noqa: E402
from training.dataset import render_output  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=existing_path, required=True)
    args = parser.parse_args()
    gold = load_gold(args.data)
    perfect = {g.text: render_output(g.text, g.spans) for g in gold}

    timings = []
    for g in gold:
        rewrite = perfect[g.text]
        t0 = time.perf_counter()
        for _ in range(20):
            align(g.text, rewrite)
        timings.append((time.perf_counter() - t0) * 1000 / 20)

    fake = FakeGemini(reply=lambda text: (200, perfect.get(text, text), 0.0))
    settings = GeminiSettings(api_key="bench", timeout_s=5)
    pipeline = build_pipeline(MaskingSettings(engine="gemini", gemini=settings),
                              gemini_client=make_client(settings, base_url=fake.url))
    report = evaluate(gold, pipeline.find_spans, "gemini(stub)+rules").to_dict()
    stats = pipeline.detectors[0].primary.stats
    fake.stop()
    print(f"{len(gold)} rows of {args.data.name}; the stub replies with the gold masking")
    print(f"alignment per message: p50 {statistics.median(timings):.3f} ms, "
          f"p95 {statistics.quantiles(timings, n=100)[94]:.3f} ms")
    print(f"end to end over HTTP (stub on loopback): p50 {report['p50_ms']:.2f} ms, p95 {report['p95_ms']:.2f} ms")
    print(f"leak rate {report['leak_rate']:.2%}, span precision {report['span_precision']:.3f}; "
          f"replies rejected {stats.rejected}, fallbacks {stats.fallbacks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
