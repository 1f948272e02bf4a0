"""How maskbot reaches Slack's Web API, below both the bot and training (which must not import the
bot): every client uses SLACK_API_URL, honours 429 `Retry-After` and retries connection errors
through slack_sdk's retry handlers."""
from __future__ import annotations

import os
from typing import Mapping

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

DEFAULT_API_URL = "https://slack.com/api/"


def retry_handlers() -> list:
    return [RateLimitErrorRetryHandler(max_retry_count=3), ConnectionErrorRetryHandler(max_retry_count=2)]


def api_url(environ: Mapping[str, str] | None = None) -> str:
    url = (environ if environ is not None else os.environ).get("SLACK_API_URL", DEFAULT_API_URL) or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def web_client(token: str, base_url: str = DEFAULT_API_URL, timeout_s: float = 15.0) -> WebClient:
    return WebClient(token=token, base_url=base_url, timeout=timeout_s, retry_handlers=retry_handlers())


def bot_client_from_env(environ: Mapping[str, str] | None = None) -> WebClient:
    """The bot token's client, for processes that are not the bot (a training run reporting)."""
    environ = environ if environ is not None else os.environ
    return web_client(environ.get("SLACK_BOT_TOKEN", ""), api_url(environ))
