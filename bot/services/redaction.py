"""Replace a message that holds PII with a masked copy — or, when that cannot be done safely,
leave it, tell its author and the report channel which kinds of PII it holds (never values).

Order matters: the original is deleted first, and the masked copy is posted only once the
delete succeeded, so nothing masked ever sits beside a still-visible original.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.masker import Masker
from bot.services.profiles import Profiles
from bot.store import Store
from bot.wording import kinds
from masking import MaskingError

log = logging.getLogger(__name__)
REPORT_CHANNEL_KEY = "report_channel"


@dataclass(frozen=True)
class Outcome:
    status: str  # clean | replaced | not_deleted | repost_failed | masking_failed
    labels: tuple[str, ...] = ()
    reason: str = ""

    @property
    def replaced(self) -> bool:
        return self.status == "replaced"


@dataclass(frozen=True)
class SlackMessage:
    channel: str
    ts: str
    author: str
    text: str
    thread_ts: str | None = None


class Redactor:
    def __init__(self, bot: WebClient, user: WebClient | None, store: Store, masker: Masker,
                 profiles: Profiles, default_report_channel: str = "") -> None:
        self.bot = bot
        self.user = user
        self.store = store
        self.masker = masker
        self.profiles = profiles
        self.default_report_channel = default_report_channel

    def report_channel(self) -> str:
        return self.store.get_setting(REPORT_CHANNEL_KEY, self.default_report_channel)

    def replace(self, message: SlackMessage, trigger: str) -> Outcome:
        began = time.perf_counter()
        audit = {"channel_id": message.channel, "author_id": message.author, "trigger": trigger}
        try:
            pipeline = self.masker.pipeline()
            result = pipeline.mask(message.text)
        except MaskingError as exc:
            log.warning("masking failed in %s: %s", message.channel, type(exc).__name__)
            self.store.record(**audit, outcome="masking_failed", detail=type(exc).__name__)
            self._report(f"maskbot could not check a message by <@{message.author}> in <#{message.channel}>; "
                         "it was left as is.")
            return Outcome("masking_failed", reason="the message could not be checked")
        labels = tuple(span.label for span in result.spans)
        if not labels:
            return Outcome("clean")
        audit.update(labels=labels, engine=pipeline.name)
        what = kinds(labels)

        error = self._delete(message)
        if error:
            self.store.record(**audit, outcome="not_deleted", detail=error,
                              latency_ms=(time.perf_counter() - began) * 1000)
            self._ephemeral(message, f":warning: Your message contains {what}, but maskbot could not remove it "
                                     f"({error}). Please delete it yourself.")
            self._report(f"A message by <@{message.author}> in <#{message.channel}> contains {what} "
                         f"and could not be removed ({error}).")
            return Outcome("not_deleted", labels, error)

        name, icon = self.profiles.attribution(message.author)
        try:
            self.bot.chat_postMessage(
                channel=message.channel, thread_ts=message.thread_ts, text=result.masked_text,
                username=name, icon_url=icon, unfurl_links=False, unfurl_media=False,
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": result.masked_text[:3000]}},
                        {"type": "context", "elements": [{"type": "mrkdwn",
                                                          "text": f":performing_arts: masked by maskbot ({what})"}]}]
                if len(result.masked_text) <= 3000 else None,
            )
        except SlackApiError as exc:
            code = slack_error(exc)
            self.store.record(**audit, outcome="repost_failed", detail=code,
                              latency_ms=(time.perf_counter() - began) * 1000)
            self._ephemeral(message, f"Your message contained {what} and was removed, but the masked copy could "
                                     f"not be posted ({code}). Here it is so nothing is lost:\n{result.masked_text}")
            self._report(f"A masked repost for <@{message.author}> in <#{message.channel}> failed ({code}).")
            return Outcome("repost_failed", labels, code)

        self.store.record(**audit, outcome="replaced", latency_ms=(time.perf_counter() - began) * 1000)
        self._ephemeral(message, f":performing_arts: Your message contained {what}; maskbot replaced it with a "
                                 "masked copy.")
        return Outcome("replaced", labels)

    def _delete(self, message: SlackMessage) -> str:
        """'' when deleted, otherwise why not (a Slack error code)."""
        if self.user is None:
            return "no_user_token"
        try:
            self.user.chat_delete(channel=message.channel, ts=message.ts)
        except SlackApiError as exc:
            return slack_error(exc)
        return ""

    def _ephemeral(self, message: SlackMessage, text: str) -> None:
        try:
            self.bot.chat_postEphemeral(channel=message.channel, user=message.author, text=text,
                                        thread_ts=message.thread_ts)
        except SlackApiError as exc:
            log.warning("ephemeral note failed: %s", slack_error(exc))

    def _report(self, text: str) -> None:
        channel = self.report_channel()
        if not channel:
            return
        try:
            self.bot.chat_postMessage(channel=channel, text=text)
        except SlackApiError as exc:
            log.warning("report channel post failed: %s", slack_error(exc))


def slack_error(exc: SlackApiError) -> str:
    """The Slack error code of a failed call (never message content)."""
    try:
        return str(exc.response.get("error") or "error")
    except AttributeError:
        return "error"
