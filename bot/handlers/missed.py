""""Missed something?": the author of the original, or an admin, flags maskbot's masked copy (the
shortcut, or the flag reaction) and says which text in it is personal; the copy is masked further
with `chat.update`, and the resulting template (placeholders only, never the text they cover) is
kept as an example. Nobody else may rewrite a copy that stands under someone's name, and only
masked copies can be changed: not `/mask` posts, digests or notes."""
from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.services.container import Services
from bot.services.slack_calls import Ambiguous, Refused, attempt, read_message, text_sections
from masking.labels import CANONICAL_LABELS, canonical

MISSED_ID = "mask_missed"
OPEN_ID = "mask_missed_open"
LABELS = ("FIRSTNAME", "LASTNAME", "EMAIL", "PHONENUMBER", "STREET", "USERNAME", "ACCOUNTNUMBER", "SECRET", "CUSTOM")


def missed_view(metadata: str) -> dict:
    return {"type": "modal", "callback_id": MISSED_ID, "private_metadata": metadata,
            "title": {"type": "plain_text", "text": "Missed something?"},
            "submit": {"type": "plain_text", "text": "Mask it"}, "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [
                {"type": "input", "block_id": "text", "label": {"type": "plain_text", "text": "Which text is personal?"},
                 "hint": {"type": "plain_text", "text": "Copy it exactly as it appears; every occurrence is masked. "
                                                        "maskbot does not keep it."},
                 "element": {"type": "plain_text_input", "action_id": "text", "max_length": 200}},
                {"type": "input", "block_id": "label", "optional": True, "label": {"type": "plain_text", "text": "What is it?"},
                 "element": {"type": "static_select", "action_id": "label", "options": [
                     {"text": {"type": "plain_text", "text": label}, "value": label} for label in LABELS]}}]}


NOT_A_COPY = "That message is not a masked copy of someone's message, so there is nothing for maskbot to fix."
NOT_YOURS = "Only the author of the original message or an admin can change maskbot's masked copy."


def refusal(services: Services, channel: str, copy_ts: str, user: str) -> str:
    """Why `user` may not fix the copy at `copy_ts`, or '' when they may."""
    author = services.store.copy_author(channel, copy_ts)
    if author is None:
        return NOT_A_COPY
    if user != author and not services.profiles.is_admin(user):
        return NOT_YOURS
    return ""


def offer(services: Services, channel: str, flagger: str, raw: dict, trigger_id: str | None) -> None:
    """Open the form (a shortcut has a trigger), or offer a button that opens it (a reaction has none)."""
    refused = refusal(services, channel, raw.get("ts", ""), flagger)
    if refused:
        attempt(lambda: services.bot.chat_postEphemeral(channel=channel, user=flagger, text=refused))
        return
    metadata = f"{channel}|{raw.get('ts', '')}|{raw.get('thread_ts') or ''}"
    if trigger_id:
        services.bot.views_open(trigger_id=trigger_id, view=missed_view(metadata))
        return
    attempt(lambda: services.bot.chat_postEphemeral(
        channel=channel, user=flagger, text="That is maskbot's masked copy. Did it miss something?",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "That is maskbot's masked copy. Did it miss something?"}},
                {"type": "actions", "elements": [{"type": "button", "action_id": OPEN_ID, "value": metadata,
                                                  "text": {"type": "plain_text", "text": "Tell maskbot"}}]}]))


def register(app: App, services: Services) -> None:
    @app.action(OPEN_ID)
    def open_form(ack: Ack, body: dict, action: dict) -> None:
        ack()
        services.bot.views_open(trigger_id=body["trigger_id"], view=missed_view(action.get("value") or ""))

    @app.view(MISSED_ID)
    def submit(ack: Ack, body: dict, view: dict) -> None:
        values = (view.get("state") or {}).get("values") or {}
        wanted = (((values.get("text") or {}).get("text") or {}).get("value") or "").strip()
        picked = (((values.get("label") or {}).get("label") or {}).get("selected_option") or {}).get("value")
        label = canonical(picked) if picked and canonical(picked) in CANONICAL_LABELS else "CUSTOM"
        channel, ts, thread_ts = ((view.get("private_metadata") or "").split("|") + ["", ""])[:3]
        refused = refusal(services, channel, ts, body["user"]["id"])
        if refused:
            ack(response_action="errors", errors={"text": refused})
            return
        try:
            raw = read_message(services.bot, channel, ts, thread_ts or None)
        except (Refused, Ambiguous):
            raw = None
        copy = (raw or {}).get("text") or ""
        pattern = re.compile(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)") if wanted else None
        if pattern is None or not pattern.search(copy):
            ack(response_action="errors", errors={"text": "That text is not in the masked copy."})
            return
        ack()
        fixed = pattern.sub(f"[{label}]", copy)
        attempt(lambda: services.bot.chat_update(channel=channel, ts=ts, text=fixed, blocks=text_sections(fixed) + [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": ":performing_arts: masked by maskbot"}]}]))
        positions = [i for i, m in enumerate(re.finditer(r"\[[A-Z]+(?:_\d+)?\]", fixed)) if m.group() == f"[{label}]"]
        services.store.add_feedback(body["user"]["id"], channel, fixed,
                                    [{"position": i, "label": label, "word": ""} for i in positions], kind="missed")
