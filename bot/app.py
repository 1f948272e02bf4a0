"""Build the Bolt app from settings and the clients made in `bot.clients`."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.handlers import register_all
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
    services.redaction_queue.start_sweeper()
    return app, services
