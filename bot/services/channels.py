"""Monitored channels must be joined: Slack sends `message.channels` events only where the bot is a
member. Every path that adds a channel (the command, App Home, MASKBOT_MONITORED_CHANNELS) joins
it; a private channel cannot be joined and waits for an invite, shown as "not joined"."""
from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.services.slack_calls import Ambiguous, Refused, attempt
from bot.store import Store

log = logging.getLogger(__name__)
_JOIN_PROBLEM = "join_problem:"


def join(bot: WebClient, store: Store, channel: str) -> str:
    """'' when the bot is in the channel, else the reason (also remembered for status)."""
    try:
        attempt(lambda: bot.conversations_join(channel=channel))
        problem = ""
    except Refused as exc:
        problem = "" if exc.code == "already_in_channel" else exc.code
    except Ambiguous as exc:
        problem = exc.code
    store.set_setting(_JOIN_PROBLEM + channel, problem)
    return problem


def not_joined(store: Store, channels: list[str]) -> set[str]:
    return {c for c in channels if store.get_setting(_JOIN_PROBLEM + c, "")}


def advice(problem: str) -> str:
    if problem == "method_not_supported_for_channel_type":
        return " It is a private channel: invite me with `/invite @maskbot` there."
    return f" (I could not join it: {problem}; invite me with `/invite @maskbot`.)" if problem else ""


def join_seeded(bot: WebClient, store: Store, channels: tuple[str, ...]) -> None:
    for channel in channels:
        problem = join(bot, store, channel)
        if problem:
            log.warning("could not join monitored channel %s: %s", channel, problem)
