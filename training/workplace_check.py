"""The promotion gate's independent check: PII-free workplace messages a model touches.

The held-out rows come from the training generator, so a model that drifts away from real
workplace traffic still scores well on them. The hand-written development set, written apart
from the generator, shows the drift: a full retrain continued at a high rate touched 7.8 % of
its PII-free messages against the live model's 0 %, while the held-out rows saw no change.
"""
from __future__ import annotations

from pathlib import Path

DEV_SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dev_workplace.txt"


def compare_workplace(new_dir: Path, live_dir: Path, path: Path = DEV_SET) -> dict | None:
    """Both models under the default policy, as the bot runs them; None without the set."""
    from masking.engines import build_pipeline
    from masking.evaluation import evaluate, load_gold
    from masking.settings import MaskingSettings

    if not Path(path).exists():
        return None
    gold = load_gold(path)
    out: dict = {"messages": len(gold)}
    for name, model_dir in (("live", live_dir), ("new", new_dir)):
        pipeline = build_pipeline(MaskingSettings(model_dir=str(model_dir)), engine="local", policy="default")
        report = evaluate(gold, pipeline.find_spans, name).to_dict()
        out[f"{name}_touched"] = report["pii_free_flag_rate"]
        out[f"{name}_precision"] = report["span_precision"]
        out["pii_free_messages"] = report["pii_free_messages"]
    return out
