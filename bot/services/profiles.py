"""Who wrote a message, for attributing the masked repost, and who may administer the bot."""
from __future__ import annotations

import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

_TTL_S = 300  # names and pictures for attribution
ADMIN_TTL_S = 30  # a change of admin status in Slack takes effect within this


class ProfileUnavailable(Exception):
    """`users.info` gave no name for the author."""


class Profiles:
    """A short-lived per-process cache over `users.info`; nothing another process needs.
    A failed lookup is never cached: it denies admin rights for that one request (fail closed)
    and locks nobody out afterwards."""

    def __init__(self, client: WebClient, admins: tuple[str, ...] = ()) -> None:
        self.client = client
        self.admins = frozenset(admins)
        self._cache: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def user(self, user_id: str, max_age_s: float = _TTL_S) -> dict:
        with self._lock:
            hit = self._cache.get(user_id)
            if hit and time.monotonic() - hit[0] < max_age_s:
                return hit[1]
        try:
            user = self.client.users_info(user=user_id).get("user") or {}
        except (SlackApiError, OSError):
            return {}
        with self._lock:
            self._cache[user_id] = (time.monotonic(), user)
        return user

    def attribution(self, user_id: str) -> tuple[str | None, str | None]:
        user = self.user(user_id)
        profile = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("name")
        return name, profile.get("image_72")

    def required_attribution(self, user_id: str, tries: int = 3, pause_s: float = 0.5) -> tuple[str, str | None]:
        """The author's name and picture for a copy that stands in for their message. A copy
        without them would read as an anonymous bot post, so a lookup that keeps failing raises
        `ProfileUnavailable` and the original stays instead."""
        for attempt in range(tries):
            name, icon = self.attribution(user_id)
            if name:
                return name, icon
            if attempt < tries - 1:
                time.sleep(pause_s * (attempt + 1))
        raise ProfileUnavailable(user_id)

    def mention_name(self, user_id: str) -> str:
        """How a mention reads once it no longer notifies: the member's display name."""
        name, _ = self.attribution(user_id)
        return name or "someone"

    def is_admin(self, user_id: str) -> bool:
        if user_id in self.admins:
            return True
        user = self.user(user_id, max_age_s=ADMIN_TTL_S)
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
