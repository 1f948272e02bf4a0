"""Requests as Slack sends them: signed, form-encoded or JSON, with retry headers."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

SIGNING_SECRET = "test-signing-secret"


def signature(body: bytes, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Reply:
    status: int
    body: bytes
    elapsed_ms: float


class SlackSender:
    def __init__(self, app_url: str, fake_url: str) -> None:
        self.app_url = app_url
        self.fake_url = fake_url
        self._n = 0

    def post(self, body: bytes, content_type: str, *, timestamp: str | None = None, secret: str = SIGNING_SECRET,
             headers: dict | None = None, signed: bool = True) -> Reply:
        timestamp = timestamp or str(int(time.time()))
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, **(headers or {})}
        if signed:
            all_headers["X-Slack-Signature"] = signature(body, timestamp, secret)
        request = urllib.request.Request(self.app_url + "/slack/events", data=body, headers=all_headers, method="POST")
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read(), (time.perf_counter() - began) * 1000)
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read(), (time.perf_counter() - began) * 1000)

    def command(self, command: str, text: str, user: str, channel: str = "C0GENERAL", **kw) -> Reply:
        self._n += 1
        form = {"token": "x", "team_id": "T0001", "channel_id": channel, "user_id": user, "command": command,
                "text": text, "trigger_id": f"trig{self._n}", "api_app_id": "A0001",
                "response_url": f"{self.fake_url}/response/cmd{self._n}"}
        return self.post(urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded", **kw)

    def event(self, event: dict, event_id: str | None = None, **kw) -> Reply:
        self._n += 1
        envelope = {"token": "x", "team_id": "T0001", "api_app_id": "A0001", "type": "event_callback",
                    "event": event, "event_id": event_id or f"Ev{self._n:06d}", "event_time": int(time.time()),
                    "authorizations": [{"team_id": "T0001", "user_id": "UBOT0001", "is_bot": True}]}
        return self.post(json.dumps(envelope).encode(), "application/json", **kw)

    def interactive(self, payload: dict, **kw) -> Reply:
        self._n += 1
        payload = {"team": {"id": "T0001"}, "api_app_id": "A0001", "token": "x", "trigger_id": f"trig{self._n}",
                   "response_url": f"{self.fake_url}/response/act{self._n}", **payload}
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kw)
