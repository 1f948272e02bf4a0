"""A fake Slack Web API on 127.0.0.1 that speaks the real wire protocol (form or JSON bodies,
Bearer tokens, `{"ok": false, "error": …}` answers, 429 with Retry-After) and records calls."""
from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from tests.fakes.slack_files import FakeFiles
from tests.fakes.slack_limits import FakeLimits
from tests.fakes.slack_users import FakeUsers
from tests.fakes.slack_tokens import APP_TOKEN, BOT_TOKEN, BOT_USER, USER_TOKEN  # noqa: F401 (re-exported)

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"

# The scope each Web API method needs, from its page at api.slack.com/methods/<method> (the
# "Required scopes" table). A tuple: the scope depends on the conversation type (public C…,
# private G…, direct D…). Methods listed with None need no scope.
METHOD_SCOPES = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "chat.getPermalink": None,
    "conversations.history": ("channels:history", "groups:history", "im:history"),
    "conversations.replies": ("channels:history", "groups:history", "im:history"),
    "conversations.join": "channels:join",
    "conversations.info": ("channels:read", "groups:read", "im:read"),
    "users.info": "users:read",
    "users.list": "users:read",
    "views.publish": None,
    "views.open": None,
    "views.update": None,
    "files.getUploadURLExternal": "files:write",
    "files.info": "files:read",
    "files.delete": "files:write",
    "files.completeUploadExternal": "files:write",
    "apps.connections.open": "connections:write",  # app-level tokens only
}


def granted_scopes() -> dict[str, set[str]]:
    """The scopes manifest.yml grants to the bot token and the user token."""
    scopes = yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]
    return {BOT_TOKEN: set(scopes.get("bot") or []), USER_TOKEN: set(scopes.get("user") or []),
            APP_TOKEN: {"connections:write"}}


def needed_scope(method: str, params: dict) -> str | None:
    if method not in METHOD_SCOPES:
        raise KeyError(f"the fake Slack has no scope entry for {method}: add it from the method's docs page")
    needed = METHOD_SCOPES[method]
    if isinstance(needed, tuple):
        channel = str(params.get("channel", ""))
        needed = needed[1] if channel.startswith("G") else needed[2] if channel.startswith("D") else needed[0]
    return needed


@dataclass
class Call:
    method: str
    params: dict
    token: str


@dataclass
class Fault:
    """An injected failure: `status`/`error` answered, optionally after applying the call
    (`applied`), after `delay_s` (past the client's timeout: the caller sees a timeout)."""
    status: int = 500
    error: str = "internal_error"
    applied: bool = False
    delay_s: float = 0.0


def _blocks(params) -> tuple[list | None, str]:
    """The request's blocks (None when absent) and Slack's refusal, if any: at most 50 blocks, a
    section's text at most 3,000 characters."""
    blocks = params.get("blocks")
    if blocks is None:
        return None, ""
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if len(blocks) > 50:
        return blocks, "invalid_blocks"
    for block in blocks:
        if block.get("type") == "section" and not 1 <= len((block.get("text") or {}).get("text", "")) <= 3000:
            return blocks, "invalid_blocks"
    return blocks, ""


@dataclass
class FakeSlack(FakeFiles, FakeLimits, FakeUsers):
    users: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)  # (channel, ts) -> message
    calls: list = field(default_factory=list)
    responses: list = field(default_factory=list)  # posts to response_url
    uploads: list = field(default_factory=list)
    # method -> list of faults, each (status, error or retry-after) or a Fault
    fail: dict = field(default_factory=dict)
    undeletable_users: set = field(default_factory=set)  # e.g. external users in a shared channel
    members: set = field(default_factory=lambda: {"CMONITOR", "CREPORT", "C0GENERAL", "CNOTICE"})  # the bot's channels
    socket_mode: object = None  # a FakeSocketMode when the app connects over Socket Mode
    views: list = field(default_factory=list)  # modals opened with views.open
    files: dict = field(default_factory=dict)  # file id -> {"meta", "data", …}
    read_limit: int = 999  # the most messages one history/replies page holds (15 under the limited tier)
    # method -> (calls, per seconds): more calls than that in the window answer 429 with Retry-After
    rate_limits: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.scopes = granted_scopes()
        self._served: dict[str, list[float]] = {}
        self.throttled: list[str] = []  # methods answered 429 by `rate_limits`
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def start(self) -> "FakeSlack":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- helpers for tests -----------------------------------------------------------------
    def add_message(self, channel: str, user: str, text: str, thread_ts: str | None = None) -> str:
        ts = self.next_ts()
        self.messages[(channel, ts)] = {"type": "message", "user": user, "text": text, "ts": ts,
                                        **({"thread_ts": thread_ts} if thread_ts else {})}
        return ts

    def next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def called(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate, timeout: float = 15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError("timed out waiting for the fake Slack to see the expected calls")

    def all_text_sent(self) -> str:
        """Everything the app ever sent to Slack, for asserting that no PII value left."""
        with self._lock:
            return json.dumps([c.params for c in self.calls] + self.responses, ensure_ascii=False)

    # --- the API ---------------------------------------------------------------------------
    def handle(self, method: str, params: dict, token: str) -> tuple[int, dict, dict]:
        fault = None
        with self._lock:
            self.calls.append(Call(method, params, token))
            queued = self.fail.get(method)
            if queued:
                fault = queued.pop(0)
        if fault is None and method in self.rate_limits:
            retry_after = self._over_limit(method)
            if retry_after:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
        if isinstance(fault, tuple):
            status, detail = fault
            if status == 429:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(detail)}
            return status, {"ok": False, "error": detail}, {}
        if fault is not None:
            time.sleep(fault.delay_s)
            if fault.error and not fault.applied:
                return fault.status, {"ok": False, "error": fault.error}, {}
        if token not in (BOT_TOKEN, USER_TOKEN, APP_TOKEN):
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        if (token == APP_TOKEN) != (method == "apps.connections.open"):  # each token type has its methods
            return 200, {"ok": False, "error": "not_allowed_token_type"}, {}
        needed = needed_scope(method, params)
        if needed and needed not in self.scopes[token]:
            return 200, {"ok": False, "error": "missing_scope", "needed": needed,
                         "provided": ",".join(sorted(self.scopes[token]))}, {}
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        answer = handler(params, token) if handler is not None else {"ok": True}
        if fault is not None and fault.error:  # applied, and then answered with an error
            return fault.status, {"ok": False, "error": fault.error}, {}
        return 200, answer, {}
        if fault is not None and fault.applied:
            return fault.status, {"ok": False, "error": fault.error}, {}
        if fault is not None and not fault.delay_s:
            return fault.status, {"ok": False, "error": fault.error}, {}
        return 200, answer, {}

    def api_auth_test(self, params, token):
        return {"ok": True, "user_id": BOT_USER if token == BOT_TOKEN else "UADMIN", "bot_id": "BBOT0001",
                "team_id": "T0001", "team": "Test", "url": "https://test.slack.com/"}

    def api_chat_postMessage(self, params, token):
        channel = params.get("channel")
        if token == BOT_TOKEN and channel not in self.members:
            return {"ok": False, "error": "not_in_channel"}
        if len(params.get("text") or "") > 40_000:
            return {"ok": False, "error": "msg_too_long"}
        blocks, problem = _blocks(params)
        if problem:
            return {"ok": False, "error": problem}
        ts = self.next_ts()
        message = {"type": "message", "text": params.get("text", ""), "ts": ts, "bot_id": "BBOT0001",
                   "username": params.get("username")}
        if blocks:
            message["blocks"] = blocks
        attachments = params.get("attachments")
        if attachments:
            message["attachments"] = json.loads(attachments) if isinstance(attachments, str) else attachments
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
            if str(params.get("reply_broadcast", "")).lower() in ("1", "true"):
                message["subtype"] = "thread_broadcast"  # shown in the channel as well as the thread
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if metadata:
            message["metadata"] = metadata
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def api_chat_update(self, params, token):
        message = self.messages.get((params.get("channel"), params.get("ts")))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        if token == BOT_TOKEN and not message.get("bot_id"):
            return {"ok": False, "error": "cant_update_message"}  # a bot edits only its own messages
        if len(params.get("text") or "") > 40_000:
            return {"ok": False, "error": "msg_too_long"}
        blocks, problem = _blocks(params)
        if problem:
            return {"ok": False, "error": problem}
        message["text"] = params.get("text", message["text"])
        if blocks is not None:  # Slack keeps a message's blocks unless the update sends some ([] clears them)
            message["blocks"] = blocks
            if not blocks:
                del message["blocks"]
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}

    @staticmethod
    def shown(message: dict) -> str:
        """What a reader sees: a message's blocks when it has any, else its text."""
        if message.get("blocks"):
            return "\n".join((b.get("text") or {}).get("text", "") for b in message["blocks"] if b.get("type") == "section")
        return message.get("text", "")

    def api_chat_postEphemeral(self, params, token):
        return {"ok": True, "message_ts": self.next_ts()}

    def api_chat_delete(self, params, token):
        message = self.messages.get((params.get("channel"), params.get("ts")))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        own = message.get("bot_id") and token == BOT_TOKEN
        if not own and (token != USER_TOKEN or message.get("user") in self.undeletable_users):
            return {"ok": False, "error": "cant_delete_message"}
        del self.messages[(params.get("channel"), params.get("ts"))]
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}

    def _visible(self, message: dict, params) -> dict:
        if str(params.get("include_all_metadata", "")).lower() in ("1", "true"):
            return message
        return {k: v for k, v in message.items() if k != "metadata"}

    def api_conversations_history(self, params, token):
        """Top-level messages (and thread broadcasts), newest first, within oldest/latest."""
        channel = params.get("channel")
        if token == BOT_TOKEN and channel not in self.members:
            # Slack hides a private channel from a non-member entirely.
            return {"ok": False, "error": "channel_not_found" if str(channel).startswith("G") else "not_in_channel"}
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or 1e12)
        # list() copies in one step under the GIL: request threads add messages meanwhile
        found = [m for (c, ts), m in list(self.messages.items()) if c == channel
                 and (not m.get("thread_ts") or m.get("thread_ts") == ts)
                 and (oldest <= float(ts) <= latest if inclusive else oldest < float(ts) < latest)]
        found.sort(key=lambda m: float(m["ts"]), reverse=True)
        return self._page(found, params, default_limit=100)

    def api_conversations_replies(self, params, token):
        """A thread, parent first whatever the filters say (as Slack answers), for the ts of its
        parent or of any reply; a message that is in no thread comes back alone."""
        channel, ts = params.get("channel"), params.get("ts")
        if token == BOT_TOKEN and channel not in self.members:
            return {"ok": False, "error": "not_in_channel"}
        message = self.messages.get((channel, ts))
        if message is None:
            return {"ok": False, "error": "thread_not_found"}
        parent_ts = message.get("thread_ts") or ts
        parent = self.messages.get((channel, parent_ts))
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or 1e12)
        replies = sorted((m for (c, t), m in list(self.messages.items()) if c == channel and m.get("thread_ts") == parent_ts
                          and t != parent_ts
                          and (oldest <= float(t) <= latest if inclusive else oldest < float(t) < latest)),
                         key=lambda m: float(m["ts"]))
        thread = ([parent] if parent else []) + replies
        return self._page(thread, params, default_limit=1000)

    def api_chat_getPermalink(self, params, token):
        channel, ts = params.get("channel"), str(params.get("message_ts", ""))
        if (channel, ts) not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": channel,
                "permalink": f"https://test.slack.com/archives/{channel}/p{ts.replace('.', '')}"}

    def api_conversations_join(self, params, token):
        channel = str(params.get("channel", ""))
        if channel.startswith(("G", "D")):
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        self.members.add(channel)
        return {"ok": True, "channel": {"id": channel}}

    def api_apps_connections_open(self, params, token):
        if self.socket_mode is None:
            return {"ok": False, "error": "socket_mode_not_enabled"}
        return {"ok": True, "url": self.socket_mode.url}

    def api_views_open(self, params, token):
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        self.views.append(params["view"])
        return {"ok": True, "view": {"id": f"V{len(self.views)}", **params["view"]}}

    def api_views_publish(self, params, token):
        return {"ok": True, "view": {"id": "V1"}}

def _handler(fake: FakeSlack):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            auth = self.headers.get("Authorization", "")
            if not self.path.startswith("/files-pri/"):
                self.send_response(404)
                self.end_headers()
                return
            status, data, content_type = fake.download(self.path, auth[7:] if auth.startswith("Bearer ") else "")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/response/"):
                fake.responses.append(json.loads(raw or b"{}"))
                return self._send(200, {"ok": True}, {})
            if self.path.startswith("/upload/"):
                status = fake.receive_upload(self.path.rsplit("/", 1)[-1], raw)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")
                return None
            method = self.path.rsplit("/", 1)[-1]
            if "json" in (self.headers.get("Content-Type") or ""):
                params = json.loads(raw or b"{}")
            else:
                params = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            for key in ("blocks", "view", "files"):
                if isinstance(params.get(key), str):
                    try:
                        params[key] = json.loads(params[key])
                    except json.JSONDecodeError:
                        pass
            auth = self.headers.get("Authorization", "")
            token = auth[7:] if auth.startswith("Bearer ") else params.pop("token", "")
            status, body, headers = fake.handle(method, params, token)
            self._send(status, body, headers)

        def _send(self, status: int, body: dict, headers: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
