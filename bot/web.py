"""The WSGI application: Slack's requests at POST /slack/events, a health check at GET /healthz.

Production: `gunicorn 'bot.web:create_wsgi_app()'` (see Procfile); `python -m bot` runs the same
app under gunicorn too.
"""
from __future__ import annotations

import atexit
import io
import json
import logging
from urllib.parse import parse_qs

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot import clients, log_hygiene
from bot.app import create_app
from bot.payload_shape import MAX_DEPTH, depth, event_problem, interactive_problem
from bot.request_guard import RequestGuard
from bot.settings import BotSettings

log = logging.getLogger(__name__)


def create_wsgi_app(settings: BotSettings | None = None):
    settings = settings or BotSettings.from_env()
    log_hygiene.configure(settings.log_level)
    missing = settings.missing()
    if missing:
        raise SystemExit(f"maskbot: missing required settings: {', '.join(missing)}")
    app, services = create_app(settings, clients.bot_client(settings), clients.user_client(settings))
    atexit.register(services.redaction_queue.hand_back)  # gunicorn's graceful stop (SIGTERM) exits through here
    slack = SlackRequestHandler(app, path="/slack/events")
    guard = RequestGuard(settings.slack_signing_secret, first_seen=services.store.claim_event)

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _plain(start_response, "200 OK", "ok")
        if environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0) if (environ.get("CONTENT_LENGTH") or "0").isdigit() else -1
            if length > MAX_BODY_BYTES or length < 0:
                log.info("refused a request: body too large or of unknown length")
                return _plain(start_response, "413 Payload Too Large", "request body too large")
            body = environ["wsgi.input"].read(length) if length else b""
            refused = guard.refuse(body, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                                   environ.get("HTTP_X_SLACK_SIGNATURE"),
                                   is_event="application/json" in environ.get("CONTENT_TYPE", ""))
            if refused:
                log.info("refused a request: %s", refused)
                return _plain(start_response, "401 Unauthorized", refused)
            problem = malformed(body, environ.get("CONTENT_TYPE", ""))
            if problem:
                log.info("refused a malformed request: %s", problem)
                return _plain(start_response, "400 Bad Request", f"malformed request: {problem}")
            environ["wsgi.input"] = io.BytesIO(body)
        return slack(environ, start_response)

    return wsgi


MAX_BODY_BYTES = 1_000_000


def malformed(body: bytes, content_type: str) -> str:
    """Why Bolt could not parse this body, or ''. Slack never sends such bodies; refusing them
    with a 400 keeps a garbled request from surfacing as a server error."""
    if not body:
        return "empty body"
    try:
        text = body.decode("utf-8")
        if "application/json" in content_type:
            envelope = json.loads(text)
            if not isinstance(envelope, dict):
                return "JSON body is not an object"
            return _too_deep(envelope) or event_problem(envelope)
        if "application/x-www-form-urlencoded" in content_type:
            form = parse_qs(text)
            if "payload" in form:
                payload = json.loads(form["payload"][0])
                if not isinstance(payload, dict):
                    return "payload is not an object"
                return _too_deep(payload) or interactive_problem(payload)
            return ""
        return f"unsupported content type {content_type or 'none'}"
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "body does not parse"


def _too_deep(value) -> str:
    return "body nests too deeply" if depth(value) > MAX_DEPTH else ""


def _plain(start_response, status: str, text: str):
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode() + b"\n"]
