"""Slack's signature check, before anything reads the body: a request that is unsigned, signed
with the wrong secret, carries a non-numeric or stale timestamp, or replays a request already
seen gets 401 with one short log line. Bolt verifies again behind this; it never logs a body,
because nothing unverified reaches it."""
from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import OrderedDict

log = logging.getLogger(__name__)
MAX_SKEW_S = 300  # Slack's own guidance: refuse timestamps more than five minutes away


class RequestGuard:
    def __init__(self, signing_secret: str, remember: int = 10_000) -> None:
        self.secret = signing_secret.encode()
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._remember = remember
        self._lock = threading.Lock()

    def refuse(self, body: bytes, timestamp: str | None, signature: str | None) -> str:
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
        if not self._first_time(signature):
            return "replayed request"
        return ""

    def _first_time(self, signature: str) -> bool:
        """A signature covers the timestamp and the body: the same one twice is a replay."""
        now = time.time()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) < now - MAX_SKEW_S or len(self._seen) > self._remember):
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now
            return True
