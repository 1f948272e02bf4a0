"""Anyone can flag a message for masking: the message shortcut, or a reaction with the flag emoji."""
from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.services.container import Services
from bot.services.redaction import Outcome, SlackMessage, slack_error
from bot.wording import kinds


def confirmation(outcome: Outcome) -> str:
    if outcome.status == "replaced":
        return f":performing_arts: Done: the message contained {kinds(outcome.labels)} and was replaced with a masked copy."
    if outcome.status == "clean":
        return "maskbot found no personal data in that message; it was left as is."
    if outcome.status == "not_deleted":
        return (f"The message contains {kinds(outcome.labels)}, but maskbot could not remove it ({outcome.reason}); "
                "its author and the admins have been told.")
    if outcome.status == "repost_failed":
        return "The message was removed, but the masked copy could not be posted; its author got it privately."
    return "maskbot could not check that message; it was left as is."


def register(app: App, services: Services) -> None:
    def tell(channel: str, user: str, text: str, thread_ts: str | None = None) -> None:
        try:
            services.bot.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
        except SlackApiError:
            pass

    @app.shortcut("mask_message")
    def on_shortcut(ack: Ack, body: dict) -> None:
        ack()
        flagger = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id", "")
        raw = body.get("message") or {}
        if raw.get("bot_id") or not raw.get("user"):
            tell(channel, flagger, "maskbot only masks messages written by people.")
            return
        ts = raw.get("ts", body.get("message_ts", ""))
        message = SlackMessage(channel, ts, raw["user"], raw.get("text") or "",
                               raw.get("thread_ts") if raw.get("thread_ts") != ts else None)
        if not services.store.claim_event(f"flag:{channel}:{ts}:{body.get('trigger_id', '')}"):
            return
        tell(channel, flagger, confirmation(services.redactor.replace(message, trigger="shortcut")), message.thread_ts)

    @app.event("reaction_added")
    def on_reaction(body: dict, event: dict) -> None:
        if event.get("reaction", "").split("::")[0] != services.settings.flag_emoji:
            return
        item = event.get("item") or {}
        if item.get("type") != "message":
            return
        channel, ts, flagger = item.get("channel", ""), item.get("ts", ""), event.get("user", "")
        if not services.store.claim_event(body.get("event_id") or f"reaction:{channel}:{ts}:{flagger}"):
            return
        try:
            found = services.bot.conversations_replies(channel=channel, ts=ts, limit=1, inclusive=True)
            raw = next((m for m in found.get("messages", []) if m.get("ts") == ts), None)
        except SlackApiError as exc:
            tell(channel, flagger, f"maskbot could not read that message ({slack_error(exc)}). "
                                   "Is it in this channel?")
            return
        if raw is None or raw.get("bot_id") or not raw.get("user"):
            tell(channel, flagger, "maskbot only masks messages written by people.")
            return
        thread_ts = raw.get("thread_ts") if raw.get("thread_ts") != ts else None
        message = SlackMessage(channel, ts, raw["user"], raw.get("text") or "", thread_ts)
        tell(channel, flagger, confirmation(services.redactor.replace(message, trigger="reaction")), thread_ts)
