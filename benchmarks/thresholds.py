"""Choose the local model's decision threshold on our own development sets, never on ai4privacy.

    python benchmarks/thresholds.py [--model-dir DIR]

For each threshold on the policy-label probability of a token, prints PII characters leaked,
PII-free messages touched, non-PII letters and digits masked and span precision on the
hand-written workplace set and the generated Slack-style set, default policy. The chosen value
is `DEFAULT_THRESHOLD` in `masking/engines/local_model.py`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from slack_corpus import slack_corpus  # noqa: E402

from masking.engines.local_model import LocalModelDetector  # noqa: E402
from masking.engines.rules import RulesDetector  # noqa: E402
from masking.evaluation import evaluate, load_gold  # noqa: E402
from masking.pipeline import MaskingPipeline  # noqa: E402
from masking.policy import parse_policy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--dev", type=Path, default=ROOT / "tests" / "fixtures" / "dev_workplace.txt")
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    args = parser.parse_args()
    policy = parse_policy("default")
    sets = {"workplace": load_gold(args.dev), "slack": slack_corpus(400)}
    print(f"{'threshold':>9}" + "".join(f"{name + ' ' + m:>22}" for name in sets
                                         for m in ("leak", "touched", "over", "prec")))
    for threshold in (float(t) for t in args.thresholds.split(",")):
        detector = LocalModelDetector(args.model_dir, min_entity_prob=threshold, labels=policy.labels)
        pipeline = MaskingPipeline([detector, RulesDetector()], policy=policy)
        row = f"{threshold:>9.2f}"
        for examples in sets.values():
            report = evaluate(examples, pipeline.find_spans, "local+rules")
            row += (f"{report.overall.leak_rate:>22.2%}{report.pii_free_flag_rate:>22.1%}"
                    f"{report.over_masking_alnum:>22.2%}{report.precision:>22.3f}")
        print(row)


if __name__ == "__main__":
    main()
