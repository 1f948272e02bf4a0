"""The promotion gate's independent checks: how a model does on text the generator never made.

The held-out rows come from the training generator, so a model that drifts away from real
traffic still scores well on them. Two sets show the drift:

- the hand-written workplace development set: a full retrain continued at a high rate touched
  7.8 % of its PII-free messages against the live model's 0 %, while the held-out rows saw no
  change;
- the real-text tuning sources (`data/realtext/`: public chat and mail nobody here wrote), where
  a model may neither touch more PII-free messages nor leak more PII characters than the live one.
  The held-out real source stays out: a promotion is a decision, and decisions never see it.
"""
from __future__ import annotations

from pathlib import Path

from masking.evaluation.realtext import DEFAULT_FOLDER, TUNING

DEV_SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dev_workplace.txt"


def compare_workplace(new_dir: Path, live_dir: Path, path: Path = DEV_SET,
                      real_folder: Path = DEFAULT_FOLDER) -> dict | None:
    """Both models under the default policy, as the bot runs them; None without either set."""
    from masking.engines import build_pipeline
    from masking.evaluation import evaluate, load_gold
    from masking.evaluation.realtext import load_source, score_source
    from masking.settings import MaskingSettings

    has_dev = Path(path).exists()
    sources = [load_source(name, real_folder) for name in TUNING
               if (Path(real_folder) / f"{name}.texts.jsonl").exists()]
    if not has_dev and not sources:
        return None
    gold = load_gold(path) if has_dev else []
    out: dict = {"messages": len(gold), "pii_free_messages": 0}
    for name, model_dir in (("live", live_dir), ("new", new_dir)):
        pipeline = build_pipeline(MaskingSettings(model_dir=str(model_dir)), engine="local", policy="default")
        if has_dev:
            report = evaluate(gold, pipeline.find_spans, name).to_dict()
            out[f"{name}_touched"] = report["pii_free_flag_rate"]
            out[f"{name}_precision"] = report["span_precision"]
            out["pii_free_messages"] = report["pii_free_messages"]
        if sources:
            scores = [score_source(source, pipeline.find_spans, unlabelled=False).report for source in sources]
            free = sum(r.pii_free_messages for r in scores)
            pii = sum(r.overall.pii_chars for r in scores)
            out[f"{name}_real_touched"] = sum(r.pii_free_flagged for r in scores) / free if free else 0.0
            out[f"{name}_real_leak"] = sum(r.overall.leaked_chars for r in scores) / pii if pii else 0.0
            out["real_pii_free_messages"] = free
            out["real_sources"] = [s.name for s in sources]
    return out
