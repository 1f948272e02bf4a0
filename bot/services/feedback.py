"""The "wrongly masked?" loop: the form an author fills about a masked copy, and the digest of
reported words that admins can allow with one click."""
from __future__ import annotations

import re

from bot.store import Store
from bot.wording import quoted

PLACEHOLDER = re.compile(r"\[([A-Z]+)(?:_\d+)?\]")
MAX_PLACEHOLDERS = 10  # a modal holds up to 100 blocks; ten questions is what an author will answer
FEEDBACK_ID = "mask_feedback"
ALLOW_ID = "mask_allow_term"


def placeholders(masked: str) -> list[tuple[int, str, str]]:
    """(position, label, a little of the masked copy around it) for each placeholder, in order."""
    out = []
    for index, match in enumerate(PLACEHOLDER.finditer(masked)):
        if index >= MAX_PLACEHOLDERS:
            break
        context = masked[max(0, match.start() - 30):match.end() + 30].replace("\n", " ")
        out.append((index, match.group(1), context))
    return out


def feedback_view(masked: str, metadata: str) -> dict:
    items = placeholders(masked)
    blocks: list[dict] = [{
        "type": "input", "block_id": "ticked", "optional": False,
        "label": {"type": "plain_text", "text": "Which of these should not have been masked?"},
        "element": {"type": "checkboxes", "action_id": "ticked", "options": [
            {"text": {"type": "plain_text", "text": f"#{i + 1} [{label}] …{context}…"[:75]}, "value": str(i)}
            for i, label, context in items]},
    }]
    blocks += [{
        "type": "input", "block_id": f"word_{i}", "optional": True,
        "label": {"type": "plain_text", "text": f"#{i + 1} [{label}]: what was it? (optional)"},
        "element": {"type": "plain_text_input", "action_id": "word", "max_length": 60},
        "hint": {"type": "plain_text", "text": "Only if it is not personal, e.g. a project or tool name."},
    } for i, label, _ in items]
    return {"type": "modal", "callback_id": FEEDBACK_ID, "private_metadata": metadata,
            "title": {"type": "plain_text", "text": "Wrongly masked?"},
            "submit": {"type": "plain_text", "text": "Send"}, "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": blocks}


def ticked_from(view: dict, masked: str) -> list[dict]:
    values = (view.get("state") or {}).get("values") or {}
    chosen = {int(o["value"]) for o in ((values.get("ticked") or {}).get("ticked") or {}).get("selected_options") or []}
    out = []
    for i, label, _ in placeholders(masked):
        if i in chosen:
            word = (((values.get(f"word_{i}") or {}).get("word") or {}).get("value") or "").strip()[:60]
            out.append({"position": i, "label": label, "word": word})
    return out


def digest_blocks(store: Store, limit: int = 20) -> list[dict] | None:
    words = store.reported_words().most_common(limit)
    if not words:
        return None
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text":
                           "*maskbot: words authors reported as wrongly masked* (allow one to stop masking it)"}}]
    for word, count in words:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"{quoted(word)}: {count} report(s)"},
                       "accessory": {"type": "button", "action_id": ALLOW_ID, "value": word[:2000],
                                     "text": {"type": "plain_text", "text": "Allow"}}})
    return blocks
