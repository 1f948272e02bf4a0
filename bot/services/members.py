"""The workspace's member list for the masker: handles and names typed as plain words are masked
(`masking.members`). Read from `users.list` (bot scope `users:read`, cursor-paged, Tier 2) when the
process starts and at most once an hour after, always on a background thread: a workspace of
thousands of members takes many pages (and 429s under Tier 2), and no message waits for that.
A failed read keeps the previous list; the list only adds spans, so a stale or empty one never
unmasks what the engine finds."""
from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from masking.members import MemberDirectory, directory_from_slack_users

log = logging.getLogger(__name__)
REFRESH_S = 3600.0
RETRY_S = 60.0  # after a failed read: soon, not in an hour
_PAGE = 200


class MemberList:
    def __init__(self, client: WebClient, refresh_s: float = REFRESH_S) -> None:
        self.client = client
        self.refresh_s = refresh_s
        self._directory = MemberDirectory()
        self._started_at: float | None = None
        self._lock = threading.Lock()
        self.loaded = threading.Event()  # set after the first read, successful or not

    def directory(self) -> MemberDirectory:
        """The list as last read; starts a read in the background when it is due."""
        with self._lock:
            due = self._started_at is None or time.monotonic() - self._started_at >= self.refresh_s
            if due:
                self._started_at = time.monotonic()
        if due:
            threading.Thread(target=self._refresh, name="member-list", daemon=True).start()
        return self._directory

    def _refresh(self) -> None:
        try:
            users, cursor = [], None
            while True:
                page = self.client.users_list(limit=_PAGE, **({"cursor": cursor} if cursor else {}))
                users += page.get("members") or []
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
            self._directory = directory_from_slack_users(users)
            log.info("member list read: %d members", len(self._directory))
        except (SlackApiError, OSError) as exc:
            log.warning("member list not read (%s); masking keeps the previous one", type(exc).__name__)
            with self._lock:
                self._started_at = time.monotonic() - self.refresh_s + RETRY_S
        finally:
            self.loaded.set()
