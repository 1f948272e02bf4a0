"""Build the Bolt app from settings and the clients made in `bot.clients`."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy.exc import SQLAlchemyError

from bot.handlers import register_all
from bot.services.channels import join_seeded
from bot.services.container import Services
from bot.settings import BotSettings


def create_app(settings: BotSettings, bot: WebClient, user: WebClient | None,
               services: Services | None = None) -> tuple[App, Services]:
    services = services or Services.build(settings, bot, user)
    app = App(
        client=bot,
        signing_secret=settings.slack_signing_secret or None,
        # Listeners run on a pool after ack(), so masking never holds up the 3-second ack.
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="maskbot"),
        logger=logging.getLogger("maskbot.bolt"),
        request_verification_enabled=not settings.socket_mode,
    )
    register_all(app, services)
    app.error(_error_handler)
    join_seeded(bot, services.store, settings.monitored_channels)
    services.redaction_queue.start_sweeper()
    return app, services


DATABASE_DOWN = "maskbot's database is unavailable; nothing was changed. Please try again in a minute."


def _error_handler(error: Exception, body: dict, logger: logging.Logger) -> None:
    """Listeners ack before they work, so a failure here can still be answered: a database
    outage gets a clear private reply instead of silence. Only the error's kind is logged."""
    logger.warning("listener failed: %s", type(error).__name__)
    if not isinstance(error, SQLAlchemyError):
        return
    url = body.get("response_url") or next((u.get("response_url") for u in body.get("response_urls") or []), None)
    if url:
        try:
            WebhookClient(url, timeout=5).send(text=DATABASE_DOWN, response_type="ephemeral", replace_original=False)
        except OSError:
            logger.warning("could not tell the user about the database outage")
