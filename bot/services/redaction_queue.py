"""Redaction runs on its own bounded pool, so commands, shortcuts and actions on Bolt's listener
pool never wait behind a backlog, and memory stays bounded under a flood of long messages.

At most `capacity` messages (and their text) are held in memory. A message that finds the queue
full keeps only its job key in line (its job is already in the database); when a worker frees up,
it takes the next key and reads the text again from Slack. If this process dies, the sweeper of
another resumes those jobs once their lease runs out; if it is stopped (SIGTERM), it hands the
jobs it has not started back at once (`hand_back`), so the next process need not wait out the lease.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from bot.services.redaction import Redactor, SlackMessage

log = logging.getLogger(__name__)


class RedactionQueue:
    def __init__(self, redactor: Redactor, workers: int = 8, capacity: int = 64, sweep_every_s: float = 15.0) -> None:
        self.redactor = redactor
        self._slots = threading.BoundedSemaphore(capacity)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="maskbot-redact")
        self._sweep_every_s = sweep_every_s
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None
        self._lock = threading.Lock()
        self._in_hand: dict[str, int] = {}  # claimed jobs queued or running here: their lease is renewed
        self._waiting: deque[str] = deque()  # keys of claimed jobs beyond capacity (no text)
        self._running: set[str] = set()

    def submit(self, message: SlackMessage, trigger: str, key: str) -> bool:
        """Queue a claimed message; False when full (its key waits in line, without its text)."""
        self._hold(key)
        if not self._slots.acquire(blocking=False):
            with self._lock:
                self._waiting.append(key)
            return False
        self._pool.submit(self._run, lambda: self.redactor.replace(message, trigger, key=key), key)
        return True

    def _run(self, work, key: str) -> None:
        with self._lock:
            self._running.add(key)
        try:
            work()
        except Exception as exc:  # the job stays open in the database and is resumed
            log.warning("redaction failed: %s", type(exc).__name__)
        finally:
            self._release(key)
            with self._lock:
                self._running.discard(key)
                following = self._waiting.popleft() if self._waiting else None
            if following is None:
                self._slots.release()
            else:  # keep the slot for the next key in line: its text is read again from Slack
                self._pool.submit(self._run, lambda: self._resume(following), following)

    def _resume(self, key: str) -> None:
        job = self.redactor.store.job(key)
        if job is not None and job.step in ("queued", "posted") and job.holder == self.redactor.holder:
            self.redactor.resume(job)

    def run_now(self, message: SlackMessage, trigger: str, key: str):
        """Replace on the caller's thread (a flag, whose flagger waits for the outcome), holding
        the lease the same way."""
        self._hold(key)
        try:
            return self.redactor.replace(message, trigger, key=key)
        finally:
            self._release(key)

    def _hold(self, key: str) -> None:
        with self._lock:
            self._in_hand[key] = self._in_hand.get(key, 0) + 1

    def _release(self, key: str) -> None:
        with self._lock:
            self._in_hand[key] -= 1
            if not self._in_hand[key]:
                del self._in_hand[key]

    def start_sweeper(self) -> None:
        """Resume jobs left open by a crash or restart (any process's), every `sweep_every_s`."""
        if self._sweeper is not None:
            return

        def loop() -> None:
            while not self._stop.wait(self._sweep_every_s):
                try:
                    with self._lock:
                        keys = list(self._in_hand)
                    self.redactor.store.renew(keys, self.redactor.holder)
                    self.redactor.resume_stale()
                except Exception as exc:  # a database outage: try again next round
                    log.warning("sweeping open redactions failed: %s", type(exc).__name__)

        self._sweeper = threading.Thread(target=loop, name="maskbot-sweeper", daemon=True)
        self._sweeper.start()

    def stop(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def hand_back(self, grace_s: float = 5.0) -> int:
        """On a graceful stop: start nothing new, give running jobs `grace_s` to finish, and hand
        every claimed job not running back with its lease expired (SIGKILL keeps the lease path)."""
        self.stop()
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    break
            time.sleep(0.05)
        with self._lock:
            keys = [key for key in self._in_hand if key not in self._running]
        try:
            return self.redactor.store.hand_back(keys, self.redactor.holder)
        except Exception as exc:  # the database is gone too: the lease runs out instead
            log.warning("could not hand redactions back: %s", type(exc).__name__)
            return 0
