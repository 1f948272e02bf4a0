"""`/mask-admin`: monitored channels, engine, report channel and status. Admins only."""
from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from bot.services.container import Services
from bot.services.redaction import REPORT_CHANNEL_KEY
from bot.services.status import status_text
from masking.engines import EngineUnavailable

USAGE = ("*/mask-admin* commands: `monitor #channel`, `unmonitor #channel`, `status`, "
         "`engine auto|local|rules|gemini`, `report-channel #channel`, `retrain …`, `cancel`")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|^([CG][A-Z0-9]{6,})$")


def parse_channel(arg: str) -> str | None:
    match = _CHANNEL.search(arg.strip())
    return (match.group(1) or match.group(2)) if match else None


def register(app: App, services: Services) -> None:
    @app.command("/mask-admin")
    def admin_command(ack: Ack, command: dict, respond: Respond) -> None:
        ack()
        user = command.get("user_id", "")
        if not services.profiles.is_admin(user):
            respond(response_type="ephemeral", text="Sorry, only workspace admins and maskbot admins can do that.")
            return
        verb, _, arg = (command.get("text") or "").strip().partition(" ")
        respond(response_type="ephemeral", text=run(services, verb.lower(), arg.strip(), user,
                                                    command.get("channel_id", "")))


def run(services: Services, verb: str, arg: str, user: str, here: str) -> str:
    if verb in ("monitor", "unmonitor"):
        channel = parse_channel(arg) or (here if not arg else None)
        if channel is None:
            return f"Which channel? Try `/mask-admin {verb} #channel`."
        if verb == "unmonitor":
            return (f"<#{channel}> is no longer monitored." if services.store.unmonitor(channel)
                    else f"<#{channel}> was not monitored.")
        joined = join(services, channel)
        services.store.monitor(channel, by=user)
        return f"Monitoring <#{channel}>: messages with personal data will be replaced by masked copies.{joined}"
    if verb == "status":
        return status_text(services)
    if verb == "engine":
        try:
            services.masker.set_engine(arg.lower())
        except EngineUnavailable as exc:
            return f"Engine unchanged: {exc}"
        return f"Engine set to `{arg.lower()}`."
    if verb == "report-channel":
        channel = parse_channel(arg)
        if channel is None:
            return "Which channel? Try `/mask-admin report-channel #channel`."
        services.store.set_setting(REPORT_CHANNEL_KEY, channel)
        return f"Notices will go to <#{channel}>."
    if verb in ("retrain", "cancel", "model"):
        return "Retraining from chat is not available in this version yet."
    return USAGE


def join(services: Services, channel: str) -> str:
    try:
        services.bot.conversations_join(channel=channel)
    except SlackApiError as exc:
        code = exc.response.get("error")
        if code == "method_not_supported_for_channel_type":
            return " It is a private channel: invite me with `/invite @maskbot` there."
        return f" (I could not join it: {code}; invite me with `/invite @maskbot`.)"
    return ""
