"""Slack calls for redaction, each told apart by outcome: done, refused (definitive), or
ambiguous (a 5xx, a timeout, a rate limit that outlasted its retries: maybe applied, maybe not).

Posting and deleting are not idempotent, so an ambiguous outcome is resolved by looking at the
channel (`conversations.history`/`replies` with the exact `ts`, or our copy's message metadata)
before anything is retried.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

COPY_EVENT = "maskbot_masked_copy"  # message metadata marking our copy of an original `ts`
SLACK_TEXT_LIMIT = 40_000  # chat.postMessage answers msg_too_long above this
PART_LIMIT = 39_000  # room for the "(part 2 of 3)" line
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout",
                              "ratelimited", "rate_limited", "timeout"})
T = TypeVar("T")


class Refused(Exception):
    """Slack refused the call: it was not applied and retrying will not help."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Ambiguous(Exception):
    """The call may or may not have been applied."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_code(exc: BaseException) -> str:
    """The Slack error code of a failed call, or the exception's kind; never message content."""
    if isinstance(exc, SlackApiError):
        try:
            return str(exc.response.get("error") or f"http_{exc.response.status_code}")
        except AttributeError:
            return "error"
    return type(exc).__name__


def attempt(call: Callable[[], T]) -> T:
    """Run one Slack call; raise Refused or Ambiguous instead of the SDK's exceptions."""
    try:
        return call()
    except SlackApiError as exc:
        code = error_code(exc)
        status = getattr(exc.response, "status_code", 200) or 200
        if status >= 500 or status == 429 or code in TRANSIENT_ERRORS:
            raise Ambiguous(code) from None
        raise Refused(code) from None
    except (OSError, TimeoutError) as exc:  # timeouts, resets, refused connections
        raise Ambiguous(type(exc).__name__) from None


@dataclass
class Backoff:
    """Bounded retrying: waits 0.5, 1, 2 … seconds, never past `budget_s` in all."""

    budget_s: float = 30.0
    first_s: float = 0.5

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.budget_s
        self.wait = self.first_s

    def next(self) -> bool:
        """Sleep before the next try; False when the budget is spent."""
        if time.monotonic() + self.wait > self.deadline:
            return False
        time.sleep(self.wait)
        self.wait = min(self.wait * 2, 8.0)
        return True


def read_message(client: WebClient, channel: str, ts: str, thread_ts: str | None) -> dict | None:
    """The message with exactly this `ts`, or None when it is gone. `conversations.replies`
    returns the thread's parent first whatever `oldest` says, so the reply is looked up by ts."""
    if thread_ts:
        found = attempt(lambda: client.conversations_replies(channel=channel, ts=thread_ts, oldest=ts, latest=ts,
                                                             inclusive=True, limit=20))
    else:
        found = attempt(lambda: client.conversations_history(channel=channel, oldest=ts, latest=ts,
                                                             inclusive=True, limit=1))
    return next((m for m in found.get("messages") or [] if m.get("ts") == ts), None)


def locate_message(client: WebClient, channel: str, ts: str) -> dict | None:
    """A message known only by channel and ts (a reaction's item): top level first, then as a
    thread reply (`conversations.replies` with a reply's ts answers with its whole thread)."""
    top = read_message(client, channel, ts, None)
    if top is not None:
        return top
    found = attempt(lambda: client.conversations_replies(channel=channel, ts=ts, limit=200))
    return next((m for m in found.get("messages") or [] if m.get("ts") == ts), None)


def find_copy(client: WebClient, channel: str, ts: str, thread_ts: str | None) -> str | None:
    """The `ts` of our masked copy of `ts`, found by its message metadata, or None."""
    if thread_ts:
        found = attempt(lambda: client.conversations_replies(channel=channel, ts=thread_ts, oldest=ts,
                                                             include_all_metadata=True, limit=200))
    else:
        found = attempt(lambda: client.conversations_history(channel=channel, oldest=ts, include_all_metadata=True,
                                                             limit=100))
    for message in found.get("messages") or []:
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") == COPY_EVENT and (metadata.get("event_payload") or {}).get("original_ts") == ts:
            return message.get("ts")
    return None


SECTION_LIMIT = 3000  # characters of one section block's text


def text_sections(text: str) -> list[dict]:
    """The whole text as section blocks: Slack shows a message's blocks instead of its text, so
    a long text cut to one section would lose its tail from view."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": part}} for part in split_text(text, SECTION_LIMIT)]


def split_text(text: str, limit: int = PART_LIMIT) -> list[str]:
    """Parts of at most `limit` characters, cut at a line break or space when there is one, and
    never inside a `<…>` token or a placeholder, so each part is valid mrkdwn."""
    parts: list[str] = []
    while len(text) > limit:
        cut = _cut_point(text, limit)
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return parts


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    for separator in ("\n", " "):
        cut = window.rfind(separator)
        if cut > limit // 2 and _outside_tokens(text, cut):
            return cut + 1
    cut = limit
    while cut > 0 and not _outside_tokens(text, cut):
        cut -= 1
    return cut or limit


def _outside_tokens(text: str, cut: int) -> bool:
    for opening, closing in (("<", ">"), ("[", "]")):
        last_open = text.rfind(opening, 0, cut)
        if last_open != -1 and text.rfind(closing, 0, cut) < last_open and text.find(closing, cut) != -1 \
                and "\n" not in text[last_open:cut]:
            return False
    return True
