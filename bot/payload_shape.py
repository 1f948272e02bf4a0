"""The shape Slack's payloads always have, checked before Bolt or a listener reads them.

Slack never sends `text` as a number, `event` as a list or `files` as a string; a body signed with
the right secret that does is broken or hostile. Refusing it with a 400 and one short log line
keeps it from surfacing as a 500 in a listener (and from being retried by anyone who trusts the
status code). Only types are checked, never values.
"""
from __future__ import annotations

from typing import Any

MAX_DEPTH = 32  # Slack's payloads nest a dozen levels at most (blocks in views in payloads)

# field -> the type it must have when present
_EVENT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "type": str, "subtype": str, "channel": str, "user": str, "text": str, "ts": str, "thread_ts": str,
    "event_ts": str, "bot_id": str, "channel_type": str, "reaction": str, "files": list, "attachments": list,
    "blocks": list, "message": dict, "previous_message": dict, "item": dict, "edited": dict,
}
_INTERACTIVE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "type": str, "user": dict, "channel": dict, "message": dict, "view": dict, "actions": list,
    "container": dict, "callback_id": str, "trigger_id": str, "response_url": str, "response_urls": list,
}


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth, counted without recursion so a hostile body cannot exhaust the stack."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def event_problem(envelope: dict) -> str:
    if "event" not in envelope:
        return ""
    event = envelope["event"]
    if not isinstance(event, dict):
        return "event is not an object"
    problem = _typed(event, _EVENT_FIELDS, "event")
    for inner in ("message", "previous_message"):
        if not problem and isinstance(event.get(inner), dict):
            problem = _typed(event[inner], _EVENT_FIELDS, f"event.{inner}")
    if not problem and any(not isinstance(f, dict) for f in event.get("files") or []):
        problem = "event.files holds something other than objects"
    return problem


def interactive_problem(payload: dict) -> str:
    problem = _typed(payload, _INTERACTIVE_FIELDS, "payload")
    if problem:
        return problem
    if "user" in payload and not isinstance(payload["user"].get("id"), str):
        return "payload.user.id is not a string"
    view = payload.get("view")
    if view is not None and not isinstance(view.get("type"), str):
        return "payload.view has no type"
    if any(not isinstance(a, dict) for a in payload.get("actions") or []):
        return "payload.actions holds something other than objects"
    return ""


def _typed(obj: dict, fields: dict[str, type | tuple[type, ...]], where: str) -> str:
    for name, kind in fields.items():
        if name in obj and obj[name] is not None and not isinstance(obj[name], kind):
            return f"{where}.{name} is a {type(obj[name]).__name__}"
    return ""
