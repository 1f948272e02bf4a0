"""Bolt listeners, one module per feature (after bolt-python's samples)."""
from slack_bolt import App

from bot.handlers import admin, feedback, flag, home, mask_command, missed, redact
from bot.services.container import Services


def register_all(app: App, services: Services) -> None:
    for module in (mask_command, admin, redact, flag, home, feedback, missed):
        module.register(app, services)
