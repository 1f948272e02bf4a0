"""Slack's users.* methods for the fake Slack (api.slack.com/methods/users.info, users.list:
scope `users:read`; users.list pages with `cursor` like every list method). Mixed into `FakeSlack`."""
from __future__ import annotations


class FakeUsers:
    """Needs `users` and `_page` (FakeLimits) from FakeSlack."""

    def add_user(self, user_id: str, name: str, admin: bool = False) -> None:
        self.users[user_id] = {"id": user_id, "name": name.lower(), "is_admin": admin, "is_owner": False,
                               "profile": {"display_name": name, "real_name": name,
                                           "image_72": f"https://avatars.example/{user_id}.png"}}

    def api_users_info(self, params, token):
        user = self.users.get(params.get("user"))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def api_users_list(self, params, token):
        """Members in pages of `limit` (Slack: at most 200 recommended), with `cursor` paging."""
        return self._page(sorted(self.users.values(), key=lambda u: u["id"]), params, 200, key="members")
