"""The bot's configuration, read once from the environment and `.env`."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from dotenv import load_dotenv

from masking.settings import MaskingSettings


@dataclass(frozen=True)
class BotSettings:
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    masking: MaskingSettings = MaskingSettings()

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def missing(self) -> list[str]:
        """Settings the Slack app cannot start without (HTTP needs the signing secret)."""
        needed = {"SLACK_BOT_TOKEN": self.slack_bot_token}
        if self.socket_mode:
            needed["SLACK_APP_TOKEN"] = self.slack_app_token
        else:
            needed["SLACK_SIGNING_SECRET"] = self.slack_signing_secret
        return [name for name, value in needed.items() if not value]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "BotSettings":
        if environ is None:
            load_dotenv(override=False)
            environ = os.environ
        return cls(
            slack_bot_token=environ.get("SLACK_BOT_TOKEN", ""),
            slack_signing_secret=environ.get("SLACK_SIGNING_SECRET", ""),
            slack_app_token=environ.get("SLACK_APP_TOKEN", ""),
            slack_api_url=environ.get("SLACK_API_URL", "https://slack.com/api/"),
            masking=MaskingSettings.from_env(environ),
        )
