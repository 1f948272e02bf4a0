"""`/mask-admin scan #channel`: check a channel's past messages, and with `apply` replace those
holding PII through the same durable post-then-delete path as live redaction.

The worker process runs scans. Each page of history is read, checked and saved (cursor, counts,
the ids of messages found) before the next is read, so a restart continues from the last saved
page; `apply` then replaces the found messages oldest first, saving after each. Reads are paced to
the read tier (Tier 3, or the limited tier of distributed non-Marketplace apps), posts to one per
second per channel, and 429 answers wait out `Retry-After` (slack_sdk's retry handler).
"""
from __future__ import annotations

import logging
import socket
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from bot.services.container import Services
from bot.services.redaction import SlackMessage, files_of, shape_of
from bot.services.scan_report import progress_text, report_text
from bot.services.slack_calls import Ambiguous, Refused, attempt, read_message
from bot.store.job_states import FINAL
from bot.store.models import HistoryScan
from masking import MaskingError

log = logging.getLogger(__name__)
EXAMPLES = 20  # permalinks in a report-only scan's report
SKIPPED_SUBTYPES = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name",
                              "bot_message", "pinned_item", "tombstone"})


@dataclass(frozen=True)
class ReadPace:
    """How fast history may be read: messages per page and seconds between reads."""
    page_size: int
    interval_s: float

    def reads_per_minute(self) -> float:
        return 60.0 / self.interval_s if self.interval_s else float("inf")


PACES = {"tier3": ReadPace(200, 1.2), "limited": ReadPace(15, 60.0)}


class Stopped(Exception):
    """The scan was cancelled, or another worker holds it now."""


class ScanWorker:
    def __init__(self, services: Services, pace: ReadPace | None = None, post_interval_s: float = 1.0,
                 stale_after: timedelta = timedelta(minutes=3), progress_every_s: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.services = services
        self.store = services.store
        self.pace = pace or PACES[services.settings.scan_read_tier]
        self.post_interval_s = post_interval_s
        self.stale_after = stale_after
        self.progress_every_s = progress_every_s
        self.sleep = sleep
        self.name = f"{socket.gethostname()}:{os.getpid()}:scan"
        self._last_read = self._last_post = self._last_progress = 0.0

    def run_forever(self, stop: threading.Event, poll_s: float = 5.0) -> None:
        while not stop.is_set():
            try:
                if not self.run_once():
                    stop.wait(poll_s)
            except Exception as exc:  # a database outage: try again next round
                log.warning("history scan round failed: %s", type(exc).__name__)
                stop.wait(poll_s)

    def run_once(self) -> bool:
        scan = self.store.claim_scan(self.name, self.stale_after)
        if scan is None:
            return False
        self.execute(scan)
        return True

    # --- one scan -----------------------------------------------------------------------------
    def execute(self, scan: HistoryScan) -> None:
        counts = Counter({k: v for k, v in (scan.counts or {}).items() if isinstance(v, int)})
        kinds = Counter((scan.counts or {}).get("kinds") or {})
        months = Counter((scan.counts or {}).get("months") or {})
        channel = scan.report_channel or self.services.redactor.report_channel()
        state = _ScanState(scan, counts, kinds, months, list(scan.found or []), time.monotonic(), channel)
        try:
            if scan.phase == "read":
                self._read_history(state)
                self._save(state, phase="apply" if scan.apply else "read", cursor="")
            if scan.apply:
                self._apply(state)
            self.store.finish_scan(scan.id, "done", counts=state.as_counts(), found=state.found)
            self._post(channel, report_text(scan, state.as_counts(), self._permalinks(scan, state)))
        except Stopped:
            latest = self.store.get_scan(scan.id)
            if latest is not None and latest.cancel_requested:
                self.store.finish_scan(scan.id, "cancelled")
                self._post(channel, f"History scan #{scan.id} of <#{scan.channel_id}> was cancelled after "
                                    f"{counts['read']:,} messages ({counts['found']:,} with personal data, "
                                    f"{counts['replaced']:,} replaced).")
        except (Refused, Ambiguous) as exc:
            self.store.finish_scan(scan.id, "failed", error=exc.code[:200])
            self._post(channel, f":x: History scan #{scan.id} of <#{scan.channel_id}> stopped: Slack said "
                                f"`{exc.code}` after {counts['read']:,} messages.")

    def _read_history(self, state: "_ScanState") -> None:
        scan = state.scan
        while True:
            page = self._read(lambda: self.services.bot.conversations_history(
                channel=scan.channel_id, cursor=state.cursor or None, oldest=scan.since_ts, limit=self.pace.page_size))
            for raw in page.get("messages") or []:
                self._check(state, raw, None)
                if scan.threads and raw.get("reply_count") and raw.get("thread_ts") == raw.get("ts"):
                    self._read_thread(state, raw["ts"])
                state.oldest_seen = min(state.oldest_seen, float(raw.get("ts") or state.oldest_seen))
            state.cursor = ((page.get("response_metadata") or {}).get("next_cursor") or "")
            self._save(state, cursor=state.cursor)
            self._progress(state)
            if not state.cursor:
                return

    def _read_thread(self, state: "_ScanState", parent_ts: str) -> None:
        cursor = None
        while True:
            page = self._read(lambda: self.services.bot.conversations_replies(
                channel=state.scan.channel_id, ts=parent_ts, cursor=cursor, limit=self.pace.page_size))
            for raw in page.get("messages") or []:
                if raw.get("ts") != parent_ts:
                    self._check(state, raw, parent_ts)
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def _check(self, state: "_ScanState", raw: dict, thread_ts: str | None) -> None:
        if raw.get("bot_id") or not raw.get("user") or raw.get("subtype") in SKIPPED_SUBTYPES:
            return
        state.counts["read"] += 1
        try:
            result = self.services.masker.mask(raw.get("text") or "")
        except MaskingError:
            state.counts["unchecked"] += 1
            return
        if not result.spans:
            return
        state.counts["found"] += 1
        state.kinds.update(set(result.labels))
        state.months[datetime.fromtimestamp(float(raw["ts"]), timezone.utc).strftime("%Y-%m")] += 1
        if state.scan.apply or len(state.found) < EXAMPLES:
            state.found.append([raw["ts"], thread_ts or "", raw["user"]])

    def _apply(self, state: "_ScanState") -> None:
        scan = state.scan
        pending = sorted(state.found, key=lambda entry: float(entry[0]))  # oldest first
        for index in range(scan.applied, len(pending)):
            ts, thread_ts, author = pending[index]
            key = SlackMessage(scan.channel_id, ts, author, "").key
            job = self.store.job(key)
            if job is not None and job.step in FINAL and job.copy_ts:  # replaced before (live, a flag, a scan)
                state.counts["already_handled"] += 1
            else:
                raw = self._read(lambda: {"message": read_message(self.services.bot, scan.channel_id, ts,
                                                                  thread_ts or None)})["message"]
                if raw is None:
                    state.counts["gone"] += 1
                else:
                    self._pace_post()
                    message = SlackMessage(scan.channel_id, ts, raw.get("user") or author, raw.get("text") or "",
                                           thread_ts or None, files_of(raw), **shape_of(raw))
                    if self.services.redactor.claim(message, "scan", key):
                        outcome = self.services.redaction_queue.run_now(message, "scan", key)
                        state.counts[outcome.status] += 1  # replaced, clean (edited since), not_deleted …
                    else:
                        state.counts["already_handled"] += 1
            self._save(state, applied=index + 1)
            self._progress(state)

    # --- pacing, saving, telling --------------------------------------------------------------
    def _read(self, call: Callable[[], dict]) -> dict:
        """One read, no sooner than the tier allows; 429s are waited out by slack_sdk's handler,
        and a read still rate limited after that waits a whole interval more, a few times."""
        for tries in range(6):
            wait = self._last_read + self.pace.interval_s - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last_read = time.monotonic()
            try:
                return attempt(call)
            except Ambiguous as exc:
                if tries == 5:
                    raise
                log.warning("history read failed (%s); retrying", exc.code)
                self.sleep(max(self.pace.interval_s, 1.0) * (tries + 1))
        raise AssertionError("unreachable")

    def _pace_post(self) -> None:
        wait = self._last_post + self.post_interval_s - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_post = time.monotonic()

    def _save(self, state: "_ScanState", **values) -> None:
        if not self.store.save_scan(state.scan.id, self.name, counts=state.as_counts(), found=state.found, **values):
            raise Stopped()
        for name, value in values.items():
            setattr(state.scan, name, value)

    def _progress(self, state: "_ScanState") -> None:
        now = time.monotonic()
        if now - self._last_progress < self.progress_every_s:
            return
        self._last_progress = now
        channel = state.channel
        text = progress_text(state.scan, state.as_counts(), self.pace, state.eta_s(self.pace, self.post_interval_s))
        try:
            if state.scan.progress_ts:
                attempt(lambda: self.services.bot.chat_update(channel=channel, ts=state.scan.progress_ts, text=text))
            elif channel:
                posted = attempt(lambda: self.services.bot.chat_postMessage(channel=channel, text=text))
                self._save(state, progress_ts=posted["ts"])
        except (Refused, Ambiguous) as exc:
            log.warning("scan progress update failed: %s", exc.code)

    def _permalinks(self, scan: HistoryScan, state: "_ScanState") -> list[str]:
        links = []
        for ts, _, _ in sorted(state.found, key=lambda entry: float(entry[0]))[:EXAMPLES]:
            try:
                links.append(attempt(lambda: self.services.bot.chat_getPermalink(
                    channel=scan.channel_id, message_ts=ts))["permalink"])
            except (Refused, Ambiguous):
                continue
        return links

    def _post(self, channel: str, text: str) -> None:
        if not channel:
            return
        try:
            attempt(lambda: self.services.bot.chat_postMessage(channel=channel, text=text))
        except (Refused, Ambiguous) as exc:
            log.warning("scan report failed: %s", exc.code)


@dataclass
class _ScanState:
    scan: HistoryScan
    counts: Counter
    kinds: Counter
    months: Counter
    found: list
    began: float
    channel: str  # where progress and the report go
    oldest_seen: float = float("inf")

    @property
    def cursor(self) -> str:
        return self.scan.cursor or ""

    @cursor.setter
    def cursor(self, value: str) -> None:
        self.scan.cursor = value

    def as_counts(self) -> dict:
        return {**{k: v for k, v in self.counts.items()}, "kinds": dict(self.kinds), "months": dict(self.months)}

    def eta_s(self, pace: ReadPace, post_interval_s: float) -> float | None:
        """Reading goes from now back to `since`: the share of that span covered so far gives the
        time left; applying needs one post a second per message found."""
        if self.scan.phase == "apply":
            return (len(self.found) - self.scan.applied) * max(post_interval_s, pace.interval_s)
        if self.oldest_seen == float("inf"):
            return None
        now, since = time.time(), float(self.scan.since_ts or 0)
        if not since:  # back to the channel's beginning: no end to measure against
            return None
        done = (now - self.oldest_seen) / max(1.0, now - since)
        elapsed = time.monotonic() - self.began
        reading = elapsed * (1 - done) / done if done > 0 else None
        if reading is not None and self.scan.apply:
            reading += self.counts["found"] / max(done, 1e-6) * max(post_interval_s, pace.interval_s)
        return reading
