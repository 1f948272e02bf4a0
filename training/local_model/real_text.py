"""Real messages nobody here wrote, as training rows (issue #15: "train on real text").

There are no gold labels for them; the labels are what the whole masker finds (rules, screens and
the live model) together with the source's member list, which names the people who write there.
The member list is what the model cannot know on its own: a person's name or handle typed as a
plain word ("ask Deepak", "thanks mlevy") gets its label from it, so the model learns where people
put names in real chat, and the rules' and screens' verdicts on real code, links and prose (what
is a path, a tool, a product) move into the model itself. The rows are a path argument; the
source's licence must allow training a shipped model on it (data/realtext/README.md).
"""
from __future__ import annotations

import json
from pathlib import Path

from training.local_model.labels import ENTITY_TYPES
from training.synth import SyntheticExample


def pseudo_labelled(path: Path, members: Path | None = None, start_from: Path | None = None) -> list[SyntheticExample]:
    """`path`: JSONL with a `text` per line; `members`: a member list (`--members` format)."""
    from masking.engines import build_pipeline
    from masking.members import load_members
    from masking.settings import MaskingSettings
    from masking.workspace_terms import WorkspaceTerms

    settings = MaskingSettings(model_dir=str(start_from)) if start_from else MaskingSettings()
    terms = WorkspaceTerms(members=load_members(members)) if members else None
    pipeline = build_pipeline(settings, engine="auto", policy="all", terms=terms)
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"] if line.strip() else ""
        if text:
            spans = tuple(s for s in pipeline.find_spans(text) if s.label in ENTITY_TYPES)
            rows.append(SyntheticExample(text, spans, "en"))
    return rows
