"""Training rows from a workspace's corrections, without the data it protects.

What the bot's database holds (see bot.store.models) is public or declared not personal: allowed
and denied terms, words authors reported as wrongly masked, and masked copies (placeholders only).
From them come three kinds of rows:

- allowed terms and reported words as non-PII tokens inside realistic templates;
- denied terms as PII (under their label when the model has it);
- the workspace's masked copies, every placeholder refilled with a synthetic value of its label
  in the message's language, so the model learns this workspace's message shapes with fake PII.

A slice of each is held out: the promotion gate checks on it that the new model stopped masking
the reported words (false alarms) without leaking more on the standard held-out rows.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from sqlalchemy import create_engine, inspect, text

from masking.spans import Span
from training.local_model.labels import ENTITY_TYPES
from training.synth import SyntheticExample
from training.synth.generator import MessageBuilder
from training.synth.values import ValueFactory

_PLACEHOLDER = re.compile(r"\[([A-Z]+)(?:_\d+)?\]")
# Realistic workplace sentences for a workspace word that is not personal data.
WORD_TEMPLATES = (
    "the {word} rollout starts {day}, ping #ops if the dashboards go red",
    "{word} is flaky again on the nightly build",
    "can someone review the {word} migration PR before standup?",
    "fyi {word} moved to the new cluster, latency looks fine",
    "{word} v{version} is out, release notes in the wiki",
    "we should archive the old {word} channel",
    "blocked on {word} until the vendor replies",
    "{word}: 3 alerts overnight, all resolved",
    "{word}'s error budget is burnt for {day}",
    "who is on call for {word} {day}?",
    "moving the cron jobs from {word} to the shared runner",
    "{word} p95 is back under 200ms",
    "sync with the {word} folks {day} about the schema change",
    "does {word} still talk to the old auth service?",
    "pinned the {word} runbook in the channel",
    "rollback of {word} finished, incident closed",
)
# The same word beside a real name, so the model learns the word, not the position.
WORD_WITH_NAME = ("{NAME} owns {word} now, ask her about the rollout", "{NAME} fixed the {word} outage last night")
DAYS = ("Monday", "Tuesday", "tomorrow", "next week", "after the freeze")
# Where a person stands in workplace chat: the twins of a reported word put a real name here.
PERSON_TEMPLATES = ("ask {word} about the rollout {day}", "{word} is out {day}, ping me instead",
                    "thanks {word} for the review", "cc {word} on the incident doc", "{word} will cover on-call {day}",
                    "can {word} approve the PR?", "{word} and I will pair on it {day}", "waiting on {word} to reply")


@dataclass(frozen=True)
class MaskedCopy:
    """A masked copy from the bot (placeholders only) and, for "wrongly masked" reports, the
    placeholder positions the author declared not personal, with the word when they gave it."""
    masked: str
    not_personal: dict[int, str] = field(default_factory=dict)


@dataclass
class WorkspaceFeedback:
    allowed: list[str] = field(default_factory=list)
    reported: list[str] = field(default_factory=list)
    denied: list[tuple[str, str]] = field(default_factory=list)
    templates: list[MaskedCopy] = field(default_factory=list)  # placeholders, never values

    @property
    def quiet_words(self) -> list[str]:
        """Words that must stop being masked: allowed terms and reported words."""
        return sorted(set(self.allowed) | set(self.reported))


def load_feedback(database_url: str) -> WorkspaceFeedback:
    """Read the bot's tables directly (training never imports the bot)."""
    engine = create_engine(database_url)
    found = WorkspaceFeedback()
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if "workspace_terms" in tables:
            for term, kind, label in connection.execute(text("SELECT term, kind, label FROM workspace_terms")):
                if kind == "allow":
                    found.allowed.append(term)
                else:
                    found.denied.append((term, label or "CUSTOM"))
        if "feedback" in tables:
            import json

            for kind, masked, ticked in connection.execute(text("SELECT kind, masked_copy, ticked FROM feedback")):
                ticked = json.loads(ticked) if isinstance(ticked, str) else ticked or []
                quiet = {}
                if kind == "wrong":
                    quiet = {int(t["position"]): (t.get("word") or "").strip() for t in ticked if "position" in t}
                    found.reported += [word.lower() for word in quiet.values() if word]
                found.templates.append(MaskedCopy(masked, quiet))
    engine.dispose()
    found.reported = sorted(set(found.reported))
    return found


def feedback_rows(feedback: WorkspaceFeedback, seed: int = 13, per_word: int = 120,
                  held_out: float = 0.25) -> tuple[list[SyntheticExample], list[SyntheticExample]]:
    """(training rows, held-out workspace-shaped rows). Held-out rows use templates the training
    rows of the same word do not, so the gate measures the word, not a memorised sentence."""
    rng = random.Random(seed)
    values = ValueFactory(rng)
    train: list[SyntheticExample] = []
    test: list[SyntheticExample] = []
    for word in feedback.quiet_words:
        templates = list(WORD_TEMPLATES)
        rng.shuffle(templates)
        cut = max(1, int(len(templates) * held_out))
        fresh, seen = templates[:cut], templates[cut:] + list(WORD_WITH_NAME)
        train += [_fill(rng, values, rng.choice(seen), word=word) for _ in range(per_word)]
        # Twins with a real name where a person would stand keep the lesson lexical: the word is not
        # a name, but a name is (without them, "Mark is out today" leaked). In the word's own
        # sentences a name would teach that any capitalised opener is a person ("Holly jolly…").
        train += [_fill(rng, values, rng.choice(PERSON_TEMPLATES), word=values.value("FIRSTNAME", "en_US"),
                        word_label="FIRSTNAME") for _ in range(per_word // 2)]
        test += [_fill(rng, values, rng.choice(fresh), word=word) for _ in range(max(2, per_word // 4))]
    for term, label in feedback.denied:
        if label in ENTITY_TYPES:
            for _ in range(per_word // 2):
                train.append(_fill(rng, values, rng.choice(WORD_TEMPLATES), word=term, word_label=label))
    shapes = list(feedback.templates)
    rng.shuffle(shapes)
    cut = int(len(shapes) * held_out)
    quiet_words = feedback.quiet_words
    for i, copy in enumerate(shapes):
        rows = test if i < cut else train
        example = refill(copy, values, quiet_words=quiet_words, rng=rng)
        if example is not None:
            rows.append(example)
        twin = refill(MaskedCopy(copy.masked), values) if copy.not_personal and rows is train else None
        if twin is not None:
            train.append(twin)
    return train, test


def refill(copy: MaskedCopy, values: ValueFactory, locale: str = "en_US", quiet_words=(),
           rng: random.Random | None = None) -> SyntheticExample | None:
    """A masked copy with each placeholder replaced by a synthetic value of its label, except the
    ones its author declared not personal: those get the word back (or another reported word when
    none was typed) as plain text, so the model unlearns the false alarm in this very context."""
    builder = MessageBuilder()
    pos = 0
    for index, match in enumerate(_PLACEHOLDER.finditer(copy.masked)):
        label = match.group(1)
        builder.add(copy.masked[pos:match.start()])
        if index in copy.not_personal:
            word = copy.not_personal[index] or (rng.choice(list(quiet_words)) if quiet_words and rng else "")
            if not word:
                return None
            builder.add(word)
        elif label in values.makers:
            builder.add(values.value(label, locale), label if label in ENTITY_TYPES else None)
        elif label in ("SECRET", "CUSTOM"):
            builder.add("x" * 8)  # no synthetic value to learn from: leave it unlabelled filler
        else:
            return None
        pos = match.end()
    builder.add(copy.masked[pos:])
    return SyntheticExample("".join(builder.parts), tuple(builder.spans), locale[:2])


def _fill(rng: random.Random, values: ValueFactory, template: str, word: str, word_label: str | None = None):
    builder = MessageBuilder()
    for literal, slot in re.findall(r"([^{]*)(?:\{(\w+)\})?", template):
        builder.add(literal)
        if slot == "word":
            builder.add(word if rng.random() < 0.5 else word.title(), word_label)
        elif slot == "NAME":
            builder.add(values.value("FIRSTNAME", "en_US"), "FIRSTNAME")
            builder.add(" ")
            builder.add(values.value("LASTNAME", "en_US"), "LASTNAME")
        elif slot == "day":
            builder.add(rng.choice(DAYS))
        elif slot == "version":
            builder.add(f"{rng.randint(1, 9)}.{rng.randint(0, 20)}")
    return SyntheticExample("".join(builder.parts), tuple(builder.spans), "en")


def false_alarm_rate(find_spans, examples: list[SyntheticExample], words: list[str]) -> float:
    """Share of the reported words' occurrences in `examples` that a pipeline masks."""
    total = masked = 0
    for example in examples:
        spans: list[Span] = find_spans(example.text)
        lowered = example.text.lower()
        for word in words:
            for match in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", lowered):
                total += 1
                masked += any(s.start < match.end() and match.start() < s.end for s in spans)
    return masked / total if total else 0.0


def write_workspace_held_out(folder, rows: list[SyntheticExample], words: list[str]):
    """The held-out workspace rows and the words to watch, for the promotion gate."""
    import json
    from pathlib import Path

    path = Path(folder) / "workspace_held_out.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"words": words}) + "\n")
        for ex in rows:
            handle.write(json.dumps({"text": ex.text, "spans": [s.as_dict() for s in ex.spans]}, ensure_ascii=False) + "\n")
    return path


def compare_false_alarms(new_dir, live_dir, held_out_path) -> dict:
    """On held-out workspace rows: how often each model masks a reported word, and what share of
    the live model's false alarms the new model no longer raises."""
    import json
    from pathlib import Path

    from masking.engines import build_pipeline
    from masking.engines.local_model import BUNDLED_MODEL_DIR
    from masking.settings import MaskingSettings

    lines = Path(held_out_path).read_text(encoding="utf-8").splitlines()
    words = json.loads(lines[0])["words"]
    texts = [json.loads(line)["text"] for line in lines[1:] if line.strip()]

    def occurrences(model_dir) -> list[bool]:
        pipeline = build_pipeline(MaskingSettings(model_dir=str(model_dir or BUNDLED_MODEL_DIR)), engine="local",
                                  policy="default")
        hits = []
        for text_ in texts:
            spans = pipeline.find_spans(text_)
            lowered = text_.lower()
            for word in words:
                for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", lowered):
                    hits.append(any(s.start < m.end() and m.start() < s.end for s in spans))
        return hits

    live, new = occurrences(live_dir), occurrences(new_dir)
    raised = [i for i, hit in enumerate(live) if hit]
    stopped = sum(1 for i in raised if not new[i]) / len(raised) if raised else 1.0
    return {"occurrences": len(live), "live_rate": sum(live) / max(1, len(live)),
            "new_rate": sum(new) / max(1, len(new)), "live_false_alarms": len(raised), "stopped": stopped}
