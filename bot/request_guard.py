"""Slack's signature check, before anything reads the body: a request that is unsigned, signed
with the wrong secret, carries a non-numeric or stale timestamp, or replays a command or an
action already seen gets 401 with one short log line. Bolt verifies again behind this; it never
logs a body, because nothing unverified reaches it.

Replays are remembered where every worker and process sees them (`first_seen`, the database's
event keys), for Slack's five-minute window. Events are not replay-checked: Slack retries an
event with the same body, and a retry in the same second carries the same signature; events are
deduplicated by their `event_id` instead, and a retry is acknowledged with 200."""
from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

log = logging.getLogger(__name__)
SHARED_CHECK_S = 1.0  # the longest the shared replay check may take before this process's memory decides
MAX_SKEW_S = 300  # Slack's own guidance: refuse timestamps more than five minutes away


class RequestGuard:
    def __init__(self, signing_secret: str, remember: int = 10_000,
                 first_seen: Callable[[str], bool] | None = None) -> None:
        self.secret = signing_secret.encode()
        self._first_seen = first_seen
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="replay-check")
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._remember = remember
        self._lock = threading.Lock()

    def refuse(self, body: bytes, timestamp: str | None, signature: str | None, *, is_event: bool = False) -> str:
        """Why this request is refused, or '' when it is authentic and new."""
        if not timestamp or not signature:
            return "unsigned request"
        if not timestamp.isdigit():
            return "non-numeric timestamp"
        if abs(time.time() - int(timestamp)) > MAX_SKEW_S:
            return "stale timestamp"
        expected = "v0=" + hmac.new(self.secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return "bad signature"
        if not is_event and not self._first_time(signature):  # events are deduplicated by event_id
            return "replayed request"
        return ""

    def _first_time(self, signature: str) -> bool:
        """A signature covers the timestamp and the body: the same one twice is a replay."""
        if self._first_seen is not None:
            # Slack wants its answer within 3 s: a locked or unreachable database must not hold it up.
            try:
                return self._pool.submit(self._first_seen, "sig:" + signature).result(timeout=SHARED_CHECK_S)
            except Exception as exc:  # the database is down or slow: this process's memory still guards
                log.warning("replay check fell back to this process: %s", type(exc).__name__)
        now = time.time()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) < now - MAX_SKEW_S or len(self._seen) > self._remember):
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now
            return True
