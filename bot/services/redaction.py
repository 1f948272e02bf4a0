"""Replace a message that holds PII with a masked copy, so that at every instant the message has
at least one visible version: the masked copy is posted first, the original deleted second.

- A delete that Slack refuses removes our copy again; the original stays and its author and the
  report channel are told which kinds of PII it holds (never values).
- An ambiguous outcome (5xx, timeout, rate limits for minutes) is resolved by reading the
  channel for the exact `ts` before anything is retried, within a bounded time.
- Each step is recorded in a durable job (ids only); a crash between steps is resumed by
  `resume`, which reads the message again from Slack.
"""
from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from datetime import timedelta

from slack_sdk import WebClient

from bot.services.files import FileService, file_refs_of
from bot.services.masker import Masker
from bot.services.profiles import Profiles, ProfileUnavailable
from bot.services.mentions import quiet_mentions
from bot.services.slack_calls import (COPY_EVENT, SECTION_LIMIT, Ambiguous, Backoff, Refused, attempt, find_copy,
                                      read_message, split_text)
from bot.store import Store
from bot.store.jobs import MAX_ATTEMPTS
from bot.store.models import RedactionJob
from bot.wording import escape, kinds
from masking import MaskingError

log = logging.getLogger(__name__)
REPORT_CHANNEL_KEY = "report_channel"


@dataclass(frozen=True)
class Outcome:
    status: str  # clean | replaced | not_deleted | not_posted | masking_failed | gone | pending
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
    files: tuple[tuple[str, str], ...] = field(default=())  # (name, permalink) of shared files
    shared: tuple[tuple[tuple[str, str], ...], ...] = field(default=())  # shared messages' text fields
    broadcast: bool = False  # a thread reply also sent to the channel (subtype thread_broadcast)
    has_replies: bool = False  # a thread's parent: its copy goes into the thread, so the replies stay with it
    file_refs: tuple = ()  # FileRef of each shared file (ids and Slack's URLs), read when files are checked

    @property
    def key(self) -> str:
        return f"msg:{self.channel}:{self.ts}"


class Redactor:
    def __init__(self, bot: WebClient, user: WebClient | None, store: Store, masker: Masker,
                 profiles: Profiles, default_report_channel: str = "", budget_s: float = 30.0,
                 lease_s: float = 60.0, files: FileService | None = None) -> None:
        self.bot = bot
        self.user = user
        self.store = store
        self.masker = masker
        self.profiles = profiles
        self.default_report_channel = default_report_channel
        self.budget_s = budget_s  # how long one step keeps retrying transient failures
        self.lease_s = lease_s  # an open job untouched this long belongs to a dead process
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.files = files

    def report_channel(self) -> str:
        return self.store.get_setting(REPORT_CHANNEL_KEY, self.default_report_channel)

    def claim(self, message: SlackMessage, trigger: str, key: str | None = None) -> bool:
        """Record the job durably (ids only). False: another delivery or process has it.
        Database errors propagate: the caller must not acknowledge the event then."""
        return self.store.claim_job(key or message.key, message.channel, message.ts, message.thread_ts,
                                    message.author, trigger, holder=self.holder)

    def replace(self, message: SlackMessage, trigger: str, key: str | None = None) -> Outcome:
        """Mask a claimed message and replace it (claiming it first when the caller has not)."""
        key = key or message.key
        # Ours when claimed here (by the event's middleware, or now); not when finished or taken over
        # after our lease ran out.
        if not self.store.holds(key, self.holder) and (self.store.job(key) is not None
                                                        or not self.claim(message, trigger, key)):
            return Outcome("pending", reason="already being handled")
        began = time.perf_counter()
        audit = {"channel_id": message.channel, "author_id": message.author, "trigger": trigger}
        current = self._current(message)
        if current is None:  # deleted by its author before we got to it: nothing to repost
            self.store.advance(key, "done", detail="original gone")
            return Outcome("gone")
        message = current
        try:
            result = self.masker.mask(message.text)
            names = [self.masker.mask(name) for name, _ in message.files]  # file names say who, too
            shared = [[(field_name, self.masker.mask(value)) for field_name, value in fields]
                      for fields in message.shared]  # a forwarded message is text like any other
        except MaskingError as exc:
            log.warning("masking failed in %s: %s", message.channel, type(exc).__name__)
            self.store.record(**audit, outcome="masking_failed", detail=type(exc).__name__)
            self.store.advance(key, "reported", detail=type(exc).__name__)
            self._report(f"maskbot could not check a message by <@{message.author}> in <#{message.channel}>; "
                         "it was left as is.")
            return Outcome("masking_failed", reason="the message could not be checked")
        verdicts = self.files.check(message.file_refs) if self.files else []
        labels = tuple(span.label for masked in (result, *names, *(m for fields in shared for _, m in fields))
                       for span in masked.spans) + tuple(label for v in verdicts for label in v.labels)
        if not labels:
            self._unchecked_files(message, verdicts)
            self.store.advance(key, "done", detail="clean")
            return Outcome("clean")
        replaced = {v.ref.permalink: v.masked.name for v in verdicts if v.masked}
        message = dataclass_replace(message, files=tuple((replaced.get(link, name.masked_text), "" if link in replaced else link)
                                                         for name, (_, link) in zip(names, message.files)),
                                    shared=tuple(tuple((f, m.masked_text) for f, m in fields) for fields in shared))
        audit.update(labels=labels, engine=result.engine)
        outcome = self._post_then_delete(message, key, result.masked_text, labels, verdicts=verdicts)
        self.store.record(**audit, outcome=outcome.status, detail=outcome.reason,
                          latency_ms=(time.perf_counter() - began) * 1000)
        return outcome

    def _current(self, message: SlackMessage) -> SlackMessage | None:
        """The message as Slack has it now: None when it is gone, its latest text after an edit.
        A copy is only ever posted of what still exists. When Slack cannot be asked, the text
        delivered is used (the delete step still finds out whether it exists)."""
        try:
            raw = read_message(self.bot, message.channel, message.ts, message.thread_ts)
        except (Refused, Ambiguous):
            return message
        if raw is None:
            return None
        text = raw.get("text")
        if not isinstance(text, str):
            return message
        return dataclass_replace(message, text=text, files=files_of(raw) or message.files,
                                 shared=shared_of(raw) or message.shared, file_refs=file_refs_of(raw) or message.file_refs)

    # --- the two steps ----------------------------------------------------------------------
    def _post_then_delete(self, message: SlackMessage, key: str, masked: str, labels: tuple[str, ...],
                          copy: list[str] | None = None, final: bool = False, verdicts: list | None = None) -> Outcome:
        what = kinds(labels)
        resuming = bool(copy)  # a copy from before a crash: the dead process may have deleted already
        if self.user is None:  # only a user token may delete others' messages: never post a duplicate
            return self._leave(message, key, labels, "no_user_token", posted=False)
        if not copy:
            try:
                copy = self._post_copy(message, key, masked, labels)
            except (Refused, Ambiguous) as exc:
                return self._leave(message, key, labels, exc.code, posted=False)
            if any(v.masked for v in verdicts or ()):  # the masked files beside the copy, before any delete
                try:
                    self.files.share(message.channel, message.thread_ts or copy[0], verdicts, message.author)
                except (Refused, Ambiguous) as exc:
                    self._remove_copy(message, copy)
                    return self._leave(message, key, labels, exc.code)
        try:
            if not self._delete_original(message, resumed=resuming):
                self._remove_copy(message, copy)  # its author deleted it meanwhile: the copy goes too
                self.store.advance(key, "done", detail="original gone")
                return Outcome("gone", labels)
        except Ambiguous as exc:
            if not final:  # rate-limited or down for longer than the budget: the sweeper tries again later
                self.store.advance(key, "posted", detail=exc.code)
                return Outcome("pending", labels, exc.code)
            self._remove_copy(message, copy)
            return self._leave(message, key, labels, exc.code)
        except Refused as exc:
            self._remove_copy(message, copy)
            return self._leave(message, key, labels, exc.code)
        for code in self.files.delete_originals(verdicts) if verdicts else ():
            self._report(f"An original file of <@{message.author}>'s message in <#{message.channel}> could not be "
                         f"deleted ({code}); its masked version is in the copy's thread. Please delete it.")
        self._unchecked_files(message, verdicts or [])
        note = f":performing_arts: Your message contained {what}; maskbot replaced it with a masked copy."
        self._ephemeral(message, note, blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": note}},
            {"type": "actions", "elements": [{"type": "button", "action_id": "mask_feedback",
                                              "text": {"type": "plain_text", "text": "Wrongly masked?"},
                                              "value": f"{message.channel}|{copy[0]}|{message.thread_ts or copy[0]}"}]}])
        self.store.advance(key, "done")
        return Outcome("replaced", labels)

    def _post_copy(self, message: SlackMessage, key: str, masked: str, labels: tuple[str, ...]) -> list[str]:
        """Post the masked copy (in parts past Slack's length limit, the rest in its thread) and
        record each part's ts. Files are linked by permalink: the copy never loses them."""
        if message.files:  # the names were masked with the text; a link label holds no `|`, `<` or `>`
            masked += "\n" + "\n".join(f":paperclip: <{link}|{escape((name or 'file').replace('|', '/'))}>" if link
                                        else f":paperclip: {escape(name)} (masked version in the thread)"
                                        for name, link in message.files)
        try:
            name, icon = self.profiles.required_attribution(message.author)
        except ProfileUnavailable:
            raise Refused("author_profile_unavailable") from None
        parts = split_text(quiet_mentions(masked, self.profiles.mention_name))
        posted: list[str] = []
        # A parent with replies keeps them: its copy is a reply in that thread, also sent to the channel.
        home = message.thread_ts or (message.ts if message.has_replies else None)
        for number, part in enumerate(parts):
            if len(parts) > 1:
                part = f"{part}\n_(part {number + 1} of {len(parts)})_"
            thread = home or (posted[0] if posted else None)
            broadcast = number == 0 and home is not None and (message.broadcast or message.has_replies)
            posted.append(self._post_part(message, part, thread, number, kinds(labels), name, icon, broadcast,
                                          attachments=shared_attachments(message.shared) if number == 0 else None))
            self.store.advance(key, "posted" if number == len(parts) - 1 else "queued", copy_ts=",".join(posted))
        return posted

    def _post_part(self, message: SlackMessage, text: str, thread_ts: str | None, number: int, what: str,
                   name: str | None, icon: str | None, broadcast: bool = False,
                   attachments: list[dict] | None = None) -> str:
        metadata = {"event_type": COPY_EVENT, "event_payload": {"original_ts": message.ts, "part": number}}
        blocks = ([{"type": "section", "text": {"type": "mrkdwn", "text": text}},
                   {"type": "context", "elements": [{"type": "mrkdwn", "text": f":performing_arts: masked by maskbot ({what})"}]}]
                  if 0 < len(text.strip()) and len(text) <= SECTION_LIMIT and number == 0 else None)
        backoff = Backoff(self.budget_s)
        while True:
            try:
                return attempt(lambda: self.bot.chat_postMessage(
                    channel=message.channel, thread_ts=thread_ts, text=text, username=name, icon_url=icon,
                    unfurl_links=False, unfurl_media=False, blocks=blocks, metadata=metadata,
                    **({"attachments": attachments} if attachments else {}),
                    **({"reply_broadcast": True} if broadcast else {})))["ts"]
            except Ambiguous:
                if number == 0:  # did it land after all? our metadata says
                    found = self._safely(lambda: find_copy(self.bot, message.channel, message.ts, message.thread_ts))
                    if found:
                        return found
                if not backoff.next():
                    raise

    def _delete_original(self, message: SlackMessage, resumed: bool = False) -> bool:
        """Delete the original; False when its author had deleted it first. `message_not_found`
        is ours only after an attempt of ours whose answer was lost (or when resuming a job a dead
        process may have got that far with)."""
        backoff = Backoff(self.budget_s)
        tried = resumed
        while True:
            try:
                attempt(lambda: self.user.chat_delete(channel=message.channel, ts=message.ts))
                return True
            except Refused as exc:
                if exc.code == "message_not_found":
                    return tried
                raise
            except Ambiguous:
                tried = True
                still_there = self._safely(lambda: read_message(self.bot, message.channel, message.ts,
                                                                message.thread_ts), default=True)
                if not still_there:
                    return True
                if not backoff.next():
                    raise

    def _remove_copy(self, message: SlackMessage, copy: list[str]) -> None:
        for ts in reversed(copy):
            backoff = Backoff(self.budget_s)
            while True:
                try:
                    attempt(lambda: self.bot.chat_delete(channel=message.channel, ts=ts))
                    break
                except Refused as exc:
                    if exc.code != "message_not_found":
                        log.warning("could not remove a masked copy in %s: %s", message.channel, exc.code)
                    break
                except Ambiguous as exc:
                    if not backoff.next():
                        log.warning("could not remove a masked copy in %s: %s", message.channel, exc.code)
                        break

    def _leave(self, message: SlackMessage, key: str, labels: tuple[str, ...], code: str,
               posted: bool = True) -> Outcome:
        """The original stays visible: tell its author and the report channel."""
        what = kinds(labels)
        self._ephemeral(message, f":warning: Your message contains {what}, but maskbot could not replace it "
                                 f"({code}). Please delete it yourself.")
        self._report(f"A message by <@{message.author}> in <#{message.channel}> contains {what} "
                     f"and could not be replaced ({code}).")
        self.store.advance(key, "rolled_back" if posted else "reported", detail=code)
        return Outcome("not_deleted" if posted else "not_posted", labels, code)

    # --- after a crash ----------------------------------------------------------------------
    def resume(self, job: RedactionJob) -> Outcome:
        """Finish or report a job a dead process left open, reading the message from Slack."""
        stub = SlackMessage(job.channel_id, job.ts, job.author_id, "", job.thread_ts or None)
        try:
            original = read_message(self.bot, job.channel_id, job.ts, job.thread_ts or None)
            copy = [ts for ts in job.copy_ts.split(",") if ts] or \
                [ts for ts in [find_copy(self.bot, job.channel_id, job.ts, job.thread_ts or None)] if ts]
        except Ambiguous as exc:
            return self._give_up(job, stub, exc.code) if job.attempts >= MAX_ATTEMPTS else Outcome("pending")
        except Refused as exc:
            return self._give_up(job, stub, exc.code)
        if original is None:  # deleted (by us before the crash, or by its author): nothing is visible to fix
            self.store.advance(job.key, "done", detail="original gone")
            return Outcome("gone")
        message = SlackMessage(job.channel_id, job.ts, job.author_id, original.get("text") or "",
                               job.thread_ts or None, files_of(original), **shape_of(original))
        if copy:
            try:
                result = self.masker.mask(message.text)
            except MaskingError:
                self._remove_copy(message, copy)
                return self._give_up(job, message, "masking_failed")
            return self._post_then_delete(message, job.key, result.masked_text,
                                          tuple(s.label for s in result.spans), copy, final=job.attempts >= MAX_ATTEMPTS)
        return self.replace(message, job.trigger, key=job.key)

    def resume_stale(self) -> int:
        """Resume every open job no live process holds; returns how many were taken."""
        jobs = self.store.take_stale_jobs(self.holder, limit=100, lease=timedelta(seconds=self.lease_s))
        for job in jobs:
            try:
                self.resume(job)
            except Exception as exc:  # one bad job must not stop the others
                log.warning("resuming a redaction failed: %s", type(exc).__name__)
        return len(jobs)

    def _give_up(self, job: RedactionJob, message: SlackMessage, code: str) -> Outcome:
        self._report(f"maskbot could not finish checking a message by <@{job.author_id}> in <#{job.channel_id}> "
                     f"({code}); please look at it.")
        self.store.advance(job.key, "reported", detail=code)
        return Outcome("not_deleted", reason=code)

    # --- notes --------------------------------------------------------------------------------
    def _unchecked_files(self, message: SlackMessage, verdicts: list) -> None:
        """Files left in place because they could not be checked: their author and admins are told."""
        for verdict in verdicts:
            if verdict.unreadable:
                kind = verdict.ref.name.rpartition(".")[2][:8] if "." in verdict.ref.name else "shared"
                self._ephemeral(message, f":warning: maskbot could not check your {escape(kind)} file: "
                                         f"{verdict.unreadable}. It was left as it is.")
                self._report(f"A file shared by <@{message.author}> in <#{message.channel}> could not be checked "
                             f"({verdict.unreadable}); it was left as it is.")

    def _safely(self, call, default=None):
        try:
            return call()
        except (Refused, Ambiguous):
            return default

    def _ephemeral(self, message: SlackMessage, text: str, blocks: list | None = None) -> None:
        try:
            attempt(lambda: self.bot.chat_postEphemeral(channel=message.channel, user=message.author, text=text,
                                                        thread_ts=message.thread_ts, blocks=blocks))
        except (Refused, Ambiguous) as exc:
            log.warning("ephemeral note failed: %s", exc.code)

    def _report(self, text: str) -> None:
        channel = self.report_channel()
        if not channel:
            return
        try:
            attempt(lambda: self.bot.chat_postMessage(channel=channel, text=text))
        except (Refused, Ambiguous) as exc:
            log.warning("report channel post failed: %s", exc.code)


def shape_of(raw: dict) -> dict:
    """Where a message sits in its conversation, as `SlackMessage` keeps it."""
    return {"shared": shared_of(raw), "broadcast": raw.get("subtype") == "thread_broadcast",
            "has_replies": bool(raw.get("reply_count")) and raw.get("thread_ts") in (None, raw.get("ts"))}


# The text a shared (forwarded) message carries in its attachment; masked and reposted with the copy.
SHARED_FIELDS = ("author_name", "pretext", "title", "text", "footer", "fallback")


def shared_of(raw: dict) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(tuple((f, a[f]) for f in SHARED_FIELDS if isinstance(a.get(f), str) and a[f])
                 for a in raw.get("attachments") or [] if isinstance(a, dict) and (a.get("is_share") or a.get("is_msg_unfurl")))


def shared_attachments(shared) -> list[dict] | None:
    """The shared messages as attachments again, with masked text only (no icons or links that
    would name their author)."""
    if not shared:
        return None
    return [{**dict(fields), "color": "#D0D0D0", "mrkdwn_in": ["text", "pretext"]} for fields in shared]


def files_of(raw: dict) -> tuple[tuple[str, str], ...]:
    return tuple((f.get("name") or f.get("title") or "file", f["permalink"])
                 for f in raw.get("files") or [] if f.get("permalink"))

