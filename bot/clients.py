"""The bot's Slack clients, made from its settings through `slack_access` (shared with training)."""
from __future__ import annotations

from slack_sdk import WebClient

from bot.settings import BotSettings
from slack_access import web_client as _client


def web_client(settings: BotSettings, token: str) -> WebClient:
    return _client(token, settings.slack_api_url, settings.slack_timeout_s)


def bot_client(settings: BotSettings) -> WebClient:
    return web_client(settings, settings.slack_bot_token)


def user_client(settings: BotSettings) -> WebClient | None:
    """An admin's user token: the only token Slack lets delete other people's messages."""
    return web_client(settings, settings.slack_user_token) if settings.slack_user_token else None


def check_slack(settings: BotSettings) -> str:
    """'' when the bot token works (auth.test), else why not, in a few words."""
    from slack_sdk.errors import SlackApiError

    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10, retry_handlers=[])
    try:
        client.auth_test()
    except SlackApiError as exc:
        return str((exc.response or {}).get("error") or "error")
    except OSError as exc:
        return f"unreachable ({getattr(exc, 'reason', None) or type(exc).__name__})"
    return ""
