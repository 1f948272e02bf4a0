"""Auto-redaction in monitored channels: new messages, thread replies, edits, file shares."""
from __future__ import annotations

from slack_bolt import App

from bot.services.container import Services
from bot.services.redaction import SlackMessage

# Subtypes that carry a person's own words; everything else (joins, bot posts, deletions…) is left.
HANDLED_SUBTYPES = {None, "file_share", "thread_broadcast", "me_message", "message_changed"}


def message_from_event(event: dict) -> SlackMessage | None:
    subtype = event.get("subtype")
    if subtype not in HANDLED_SUBTYPES or event.get("hidden") and subtype != "message_changed":
        return None
    body = event
    if subtype == "message_changed":
        body = event.get("message") or {}
        previous = event.get("previous_message") or {}
        if body.get("text") == previous.get("text"):  # an unfurl or a reaction, not an edit
            return None
    if body.get("bot_id") or body.get("subtype") == "bot_message" or not body.get("user"):
        return None
    text = body.get("text") or ""
    if not text.strip():
        return None
    thread_ts = body.get("thread_ts")
    ts = body.get("ts") or event.get("ts")
    return SlackMessage(channel=event.get("channel", ""), ts=ts, author=body["user"], text=text,
                        thread_ts=thread_ts if thread_ts and thread_ts != ts else None)


def register(app: App, services: Services) -> None:
    @app.event("message")
    def on_message(body: dict, event: dict) -> None:
        message = message_from_event(event)
        if message is None or not services.store.is_monitored(message.channel):
            return
        if not services.store.claim_event(body.get("event_id") or f"msg:{message.channel}:{message.ts}"):
            return  # redelivered, or already handled by another process
        services.redactor.replace(message, trigger="monitor")
