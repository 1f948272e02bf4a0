"""The workspace's member list for the masker: handles and names typed as plain words are masked
(`masking.members`). Read from `users.list` (bot scope `users:read`, cursor-paged, Tier 2) at most
once an hour per process; a failed read keeps the previous list, and the masker keeps masking with
what it has (the list only adds spans, so a stale list never unmasks anything)."""
from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from masking.members import MemberDirectory, directory_from_slack_users

log = logging.getLogger(__name__)
REFRESH_S = 3600.0
_PAGE = 200


class MemberList:
    def __init__(self, client: WebClient, refresh_s: float = REFRESH_S) -> None:
        self.client = client
        self.refresh_s = refresh_s
        self._directory = MemberDirectory()
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def directory(self) -> MemberDirectory:
        with self._lock:
            stale = self._read_at is None or time.monotonic() - self._read_at >= self.refresh_s
            if stale:
                self._read_at = time.monotonic()  # one reader at a time; the others use the current list
        if stale:
            self._refresh()
        return self._directory

    def _refresh(self) -> None:
        users, cursor = [], None
        try:
            while True:
                page = self.client.users_list(limit=_PAGE, cursor=cursor) if cursor else self.client.users_list(limit=_PAGE)
                users += page.get("members") or []
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except (SlackApiError, OSError) as exc:
            log.warning("member list not refreshed (%s); masking keeps the previous one", type(exc).__name__)
            return
        self._directory = directory_from_slack_users(users)
        log.info("member list read: %d members", len(self._directory))
