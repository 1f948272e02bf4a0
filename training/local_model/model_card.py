"""A model card next to the weights: what it learned from, under which licence, how it measures."""
from __future__ import annotations

import json
from pathlib import Path


def write_model_card(model_dir: Path, run, data: str, n_train: int, n_held: int) -> Path:
    config = json.loads((model_dir / "maskbot_model.json").read_text())
    config["metrics"] = run.metrics
    (model_dir / "maskbot_model.json").write_text(json.dumps(config, indent=2))
    lines = [
        f"# maskbot local PII tagger — {config['version']}",
        "",
        f"- Base encoder: {config['base_model']} ({config['base_model_license']}), tuned as a BIO token tagger "
        f"over {len(config['tags']) // 2} PII types; int8 ONNX.",
        f"- Training data: {data}; {n_train} examples, {n_held} held out.",
        "- Licence-clean by default: our own templates filled with Faker values (MIT) and the MIT-licensed "
        "presidio-research rows. No ai4privacy rows unless the trainer was given them explicitly.",
        f"- Training: {run.steps} steps, {run.config.epochs} epochs, batch {run.config.batch_size}, "
        f"learning rate {run.config.learning_rate}; mean loss per epoch "
        + ", ".join(f"{x:.4f}" for x in run.epoch_mean_losses) + ".",
        "",
        "## Held-out metrics (same distribution as training; see benchmarks/ for real data)",
        "",
        "| engine | leak rate | span recall | span precision | over-masking |",
        "|---|---|---|---|---|",
    ]
    for name, m in run.metrics.items():
        lines.append(f"| {name} | {m['leak_rate']:.2%} | {m['span_recall']:.3f} | {m['span_precision']:.3f} | "
                     f"{m['over_masking']:.2%} |")
    lines += ["", "Intended use: masking PII in workplace chat before it is stored or shown. "
              "It misses things; the rules engine runs beside it and the bot fails closed."]
    path = model_dir / "MODEL_CARD.md"
    path.write_text("\n".join(lines) + "\n")
    return path
