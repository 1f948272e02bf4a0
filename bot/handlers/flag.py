"""Anyone can flag a message for masking: the message shortcut, or a reaction with the flag emoji.

Nothing is deleted that cannot be reposted: in a channel the bot is not a member of, it joins a
public one first, and refuses with a note in a private channel or conversation; where it is a
member (private channels included) it reposts.
"""
from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond

from bot.handlers import missed
from bot.services.container import Services
from bot.services.files import file_refs_of
from bot.services.redaction import Outcome, SlackMessage, files_of, shape_of
from bot.services.slack_calls import Ambiguous, Refused, attempt, locate_message
from bot.wording import kinds

NOT_A_MEMBER = ("maskbot is not a member of this conversation, so it could not repost a masked copy here; "
                "nothing was changed. Invite it with `/invite @maskbot`.")


def confirmation(outcome: Outcome) -> str:
    if outcome.status == "replaced":
        return f":performing_arts: Done: the message contained {kinds(outcome.labels)} and was replaced with a masked copy."
    if outcome.status == "clean":
        return "maskbot found no personal data in that message; it was left as is."
    if outcome.status in ("not_deleted", "not_posted"):
        return (f"The message contains {kinds(outcome.labels)}, but maskbot could not replace it ({outcome.reason}); "
                "its author and the admins have been told.")
    if outcome.status == "pending":
        return "maskbot is already handling that message, or has replaced it already."
    if outcome.status == "gone":
        return "That message was deleted before maskbot got to it; nothing was reposted."
    return "maskbot could not check that message; it was left as is."


def register(app: App, services: Services) -> None:
    def tell(channel: str, user: str, text: str, thread_ts: str | None = None, respond: Respond | None = None) -> None:
        try:
            attempt(lambda: services.bot.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts))
        except (Refused, Ambiguous):
            if respond is not None:
                respond(response_type="ephemeral", text=text)

    def can_repost(channel: str) -> bool:
        """A member may repost anywhere, a private channel included; otherwise join a public
        channel, and a private one needs an invite. Membership is read with the history scope
        the bot has anyway (`not_in_channel` for a public channel, `channel_not_found` for a
        private one), so no `channels:read`/`groups:read` is asked for."""
        try:
            attempt(lambda: services.bot.conversations_history(channel=channel, limit=1))
            return True
        except Refused as exc:
            if exc.code != "not_in_channel":
                return False
        except Ambiguous:
            return False
        try:
            attempt(lambda: services.bot.conversations_join(channel=channel))
            return True
        except Refused as exc:
            return exc.code == "already_in_channel"
        except Ambiguous:
            return False

    def handle(channel: str, flagger: str, raw: dict, trigger: str, respond: Respond | None = None,
               own_bot: str | None = None, trigger_id: str | None = None) -> None:
        ts = raw.get("ts", "")
        thread_ts = raw.get("thread_ts") if raw.get("thread_ts") != ts else None
        if own_bot and raw.get("bot_id") == own_bot:  # our masked copy: did it miss something?
            missed.offer(services, channel, flagger, raw, trigger_id)
            return
        if raw.get("bot_id") or not raw.get("user"):
            tell(channel, flagger, "maskbot only masks messages written by people.", thread_ts, respond)
            return
        if not can_repost(channel):
            tell(channel, flagger, NOT_A_MEMBER, thread_ts, respond)
            return
        message = SlackMessage(channel, ts, raw["user"], raw.get("text") or "", thread_ts, files_of(raw),
                               file_refs=file_refs_of(raw), **shape_of(raw))
        # The message's one job (`message.key`): a flag on a message already being handled, or already
        # replaced, never yields a second copy; a message found clean can be flagged again.
        if not services.redactor.claim(message, trigger, message.key):
            tell(channel, flagger, confirmation(Outcome("pending")), thread_ts, respond)
            return
        outcome = services.redaction_queue.run_now(message, trigger, message.key)
        tell(channel, flagger, confirmation(outcome), thread_ts, respond)

    @app.shortcut("mask_message")
    def on_shortcut(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id", "")
        raw = body.get("message") or {}
        handle(channel, body["user"]["id"], raw, "shortcut", respond,
               own_bot=context.bot_id, trigger_id=body.get("trigger_id"))

    @app.event("reaction_added")
    def on_reaction(event: dict, context: BoltContext) -> None:
        if event.get("reaction", "").split("::")[0] != services.settings.flag_emoji:
            return
        item = event.get("item") or {}
        if item.get("type") != "message":
            return
        channel, ts, flagger = item.get("channel", ""), item.get("ts", ""), event.get("user", "")
        try:
            raw = locate_message(services.bot, channel, ts)
        except (Refused, Ambiguous) as exc:
            tell(channel, flagger, f"maskbot could not read that message ({exc.code}). {NOT_A_MEMBER}"
                 if exc.code == "not_in_channel" else f"maskbot could not read that message ({exc.code}).")
            return
        if raw is None:
            tell(channel, flagger, "maskbot could not find that message; was it deleted?")
            return
        handle(channel, flagger, raw, "reaction", own_bot=context.bot_id)
