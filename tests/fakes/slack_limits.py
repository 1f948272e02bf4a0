"""Slack's paging and rate limits for the fake Slack: `limit` and `cursor` /
`response_metadata.next_cursor` as conversations.history and .replies page
(api.slack.com/docs/pagination), and 429 with `Retry-After` past a method's rate
(api.slack.com/docs/rate-limits). Mixed into `FakeSlack`."""
from __future__ import annotations

import base64
import time


class FakeLimits:
    """Needs `read_limit`, `rate_limits`, `throttled`, `_served`, `_lock` and `_visible` from FakeSlack."""

    def _page(self, found: list, params, default_limit: int, key: str = "messages") -> dict:
        """A page of `found` as Slack pages: `limit` (at most 999; 15 under the limited read tier),
        `cursor` from the previous page's `response_metadata.next_cursor`, an invalid cursor refused."""
        limit = min(int(params.get("limit") or default_limit), self.read_limit)
        cursor = params.get("cursor") or ""
        try:
            start = int(base64.b64decode(cursor).decode().removeprefix("offset:")) if cursor else 0
        except ValueError:
            return {"ok": False, "error": "invalid_cursor"}
        page = found[start:start + limit]
        more = start + limit < len(found)
        items = [self._visible(m, params) for m in page] if key == "messages" else page
        return {"ok": True, key: items, "has_more": more,
                "response_metadata": {"next_cursor": base64.b64encode(f"offset:{start + limit}".encode()).decode()
                                      if more else ""}}

    def _over_limit(self, method: str) -> int:
        """Seconds to wait when `method` was called more often than its limit in the window."""
        calls, per_s = self.rate_limits[method]
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._served.get(method, []) if now - t < per_s]
            if len(recent) >= calls:
                self.throttled.append(method)
                return max(1, int(per_s - (now - recent[0]) + 0.999))
            self._served[method] = recent + [now]
        return 0
