"""Auto-redaction in monitored channels: new messages, thread replies, edits, file shares.

The job is claimed in the database before Slack's event is acknowledged: if the database is
unavailable the event gets a 503 and Slack delivers it again, so nothing passes unredacted.
"""
from __future__ import annotations

import logging

from slack_bolt import App, BoltResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.services.container import Services
from bot.services.files import file_refs_of
from bot.services.redaction import SlackMessage, files_of, shape_of

log = logging.getLogger(__name__)

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
    if not text.strip() and not body.get("files") and not body.get("attachments"):
        return None
    thread_ts = body.get("thread_ts")
    ts = body.get("ts") or event.get("ts")
    return SlackMessage(channel=event.get("channel", ""), ts=ts, author=body["user"], text=text,
                        thread_ts=thread_ts if thread_ts and thread_ts != ts else None, files=files_of(body),
                        file_refs=file_refs_of(body), **shape_of(body))


def register(app: App, services: Services) -> None:
    def claim(body: dict, next) -> BoltResponse | None:
        event = body.get("event") or {}
        message = message_from_event(event)
        if message is None:
            return BoltResponse(status=200, body="")
        try:
            if not services.store.is_monitored(message.channel):
                return BoltResponse(status=200, body="")
            # One job per message: a new message, its edits and its redeliveries share its key, so an
            # edit during a redaction never yields a second copy (the job re-reads the latest text).
            if not services.redactor.claim(message, "monitor", message.key):
                return BoltResponse(status=200, body="")  # redelivered, or another process has it
        except SQLAlchemyError as exc:
            log.warning("database unavailable; event left for Slack to redeliver: %s", type(exc).__name__)
            return BoltResponse(status=503, body="database unavailable")
        next()
        return None

    @app.event("message", middleware=[claim])
    def on_message(event: dict) -> None:
        message = message_from_event(event)
        services.redaction_queue.submit(message, "monitor", message.key)
