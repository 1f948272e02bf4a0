"""A simulated workspace learns its vocabulary from feedback (issue #12).

    python benchmarks/workspace_feedback.py --data-dir ../shared/data [--rows 6000] [--epochs 1] [--from-base]

Ten recurring jargon words that today's model masks are chosen from a pool of code-name-like
words; 300 messages of our own use them; twenty authors report the false alarms through the
same store the bot uses. A CPU retrain with that feedback follows (`maskbot train local
--feedback-from`, continuing from the live model as the bot does), then false alarms on fresh jargon messages and leak on the standard held-out
rows are measured, before (live model) and after (retrained model).
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from data_paths import existing_path  # noqa: E402

from bot.services.retraining import Gate  # noqa: E402
from bot.store import Store  # noqa: E402
from masking.engines.local_model import BUNDLED_MODEL_DIR, LocalModelDetector  # noqa: E402
from masking.engines.rules import RulesDetector  # noqa: E402
from masking.evaluation import evaluate, load_gold  # noqa: E402
from masking.operators import LabelOperator  # noqa: E402
from masking.pipeline import MaskingPipeline, render  # noqa: E402
from masking.policy import parse_policy  # noqa: E402
from training.feedback import compare_false_alarms  # noqa: E402
from training.workplace_check import compare_workplace  # noqa: E402

POOL = ("Sierra Jordan Phoenix Atlas Orion Juno Kestrel Marlowe Everest Tango Delphi Hudson Ember Quill Nova "
        "Vesper Zephyr Harper Sloane Reese Quinn Blake Rowan Finley Emery Dallas Logan Avery Parker Morgan "
        "Sawyer Kendall Hayden Peyton Reagan Skyler").split()
# The simulated workspace's own phrasings (not the training generator's, not the dev set's).
MESSAGES = ("{w} deploy is stuck at 80%, anyone around?", "who owns {w} these days?", "merged the {w} hotfix, thanks all",
            "{w} standup moved to 10:30", "heads up: {w} will be read-only tonight", "is {w} the new name for billing-v2?",
            "{w} latency spiked again after the config push", "let's sync on {w} after lunch",
            "the {w} roadmap doc is in the drive", "retro for {w} is on Thursday", "{w} and {w2} both need a release owner",
            "{w} alerts are noisy, muting for an hour")
FRESH = ("{w} canary looks healthy", "please don't touch {w} until the freeze ends", "new dashboard for {w} is live",
         "{w} ticket backlog is down to 12", "{w} migration done, closing the epic")


def pipeline(model_dir) -> MaskingPipeline:
    policy = parse_policy("default")
    return MaskingPipeline([LocalModelDetector(model_dir, labels=policy.labels), RulesDetector()], policy=policy)


def masked_occurrences(find_spans, texts: list[str], words: list[str]) -> tuple[int, int]:
    total = masked = 0
    for text in texts:
        spans = find_spans(text)
        for word in words:
            for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
                total += 1
                masked += any(s.start < m.end() and m.start() < s.end for s in spans)
    return masked, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=existing_path, required=True)
    parser.add_argument("--rows", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning-rate", type=float, help="passed to `train local` (its default otherwise)")
    parser.add_argument("--live-model", type=Path, default=BUNDLED_MODEL_DIR)
    parser.add_argument("--keep", type=Path, help="keep the workspace database and the run in this folder")
    parser.add_argument("--from-base", action="store_true",
                        help="retrain from the base encoder instead of continuing from the live model (the bot's default)")
    args = parser.parse_args()
    rng = random.Random(7)
    live = pipeline(args.live_model)

    rates = []
    for word in POOL:
        texts = [t.format(w=word, w2=rng.choice(POOL)) for t in MESSAGES]
        masked, total = masked_occurrences(live.find_spans, texts, [word])
        rates.append((masked / total, word))
    jargon = [w for _, w in sorted(rates, reverse=True)[:10]]
    print("ten jargon words today's model masks most: " + ", ".join(f"{w} ({r:.0%})" for r, w in
                                                                      sorted(rates, reverse=True)[:10]))
    workspace = [rng.choice(MESSAGES).format(w=rng.choice(jargon), w2=rng.choice(jargon)) for _ in range(300)]
    fresh = [t.format(w=w) for w in jargon for t in FRESH]

    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        Path(tmp).mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{tmp}/workspace.db"
        store = Store(url)
        authors, reports = [f"U{n:03d}" for n in range(20)], 0
        for text in workspace:
            spans = live.find_spans(text)
            masked = render(text, spans, LabelOperator())
            ticked = []
            for position, span in enumerate(spans):
                value = text[span.start:span.end]
                if value in jargon:
                    ticked.append({"position": position, "label": span.label, "word": value})
            if ticked:
                store.add_feedback(rng.choice(authors), "CWORK", masked, ticked)
                reports += 1
        print(f"300 workspace messages, {reports} reported by 20 authors; reported words: "
              f"{', '.join(sorted(store.reported_words()))}")
        out = Path(tmp) / "run"
        command = [str(Path(sys.executable).with_name("maskbot")), "train", "local", "--rows", str(args.rows),
                   "--epochs", str(args.epochs), "--data-dir", str(args.data_dir), "--feedback-from", url,
                   "--output", str(out)] + ([] if args.from_base else ["--start-from", str(args.live_model)]) \
            + (["--learning-rate", str(args.learning_rate)] if args.learning_rate else [])
        print("retraining:", " ".join(command[1:]))
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        new = pipeline(out / "model")
        before, total = masked_occurrences(live.find_spans, fresh, jargon)
        after, _ = masked_occurrences(new.find_spans, fresh, jargon)
        print(f"false alarms on {len(fresh)} fresh jargon messages ({total} jargon words): "
              f"{before / total:.1%} -> {after / total:.1%}")
        gate = compare_false_alarms(out / "model", args.live_model, out / "workspace_held_out.jsonl")
        print(f"promotion gate, reported words in {gate['occurrences']} places of the held-out workspace rows: "
              f"masked {gate['live_rate']:.1%} -> {gate['new_rate']:.1%}, {gate['stopped']:.1%} of the live "
              f"model's false alarms stopped (80% needed)")
        workplace = compare_workplace(out / "model", args.live_model)
        print(f"promotion gate, PII-free messages of the hand-written workplace set touched: "
              f"{workplace['live_touched']:.1%} -> {workplace['new_touched']:.1%} (no rise allowed); "
              f"span precision {workplace['live_precision']:.3f} -> {workplace['new_precision']:.3f}")
        if "new_real_touched" in workplace:
            print(f"promotion gate, real chat and mail ({', '.join(workplace['real_sources'])}): PII-free messages "
                  f"touched {workplace['live_real_touched']:.1%} -> {workplace['new_real_touched']:.1%} (no rise "
                  f"allowed); PII characters leaked {workplace['live_real_leak']:.1%} -> "
                  f"{workplace['new_real_leak']:.1%} (at most 1 point more)")
        held_out = load_gold(out / "held_out.jsonl")
        everything = parse_policy("all")
        standard = {}
        for name, model in (("live", args.live_model), ("retrained", out / "model")):
            full = MaskingPipeline([LocalModelDetector(model), RulesDetector()], policy=everything)
            report = evaluate(held_out, full.find_spans, name)
            standard[name] = {"leak_rate": report.overall.leak_rate, "over_masking": report.over_masking}
            print(f"standard held-out rows ({report.messages}), {name}: leak {report.overall.leak_rate:.2%}, "
                  f"over-masking {report.over_masking:.2%}")
        promote, why = Gate().decide(standard["retrained"], standard["live"], gate, workplace)
        print(f"promotion gate (the bot's Gate): {'goes live' if promote else 'kept out'}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
