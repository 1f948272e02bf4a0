"""The bot's configuration, read once from the environment and `.env`."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from dotenv import load_dotenv

from masking.settings import MaskingSettings, env_number

from slack_access import DEFAULT_API_URL, api_url


_number = env_number  # one parser for every numeric setting, naming the setting it refuses


def _choice(environ: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = (environ.get(name) or choices[0]).strip().lower()
    if value not in choices:
        raise ValueError(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


def _ids(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.replace(";", ",").split(",") if part.strip())


@dataclass(frozen=True)
class BotSettings:
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_user_token: str = ""
    slack_api_url: str = DEFAULT_API_URL
    database_url: str = "sqlite:///maskbot.db"
    admins: tuple[str, ...] = ()
    monitored_channels: tuple[str, ...] = ()
    report_channel: str = ""
    # History scans read at Slack's Tier 3 (about 50 reads a minute); "limited" is the 1 read a
    # minute, 15 messages each, Slack applies to non-Marketplace apps distributed to other workspaces.
    scan_read_tier: str = "tier3"
    file_max_mb: float = 20  # shared files larger than this are left in place and reported
    flag_emoji: str = "mask"
    port: int = 3000
    slack_timeout_s: float = 15.0  # per Web API call; a slower answer is treated as ambiguous
    retry_budget_s: float = 30.0  # how long one redaction step retries transient Slack failures
    sweep_every_s: float = 15.0  # how often open redaction jobs left by a crash are looked for
    job_lease_s: float = 60.0  # an open job untouched this long is resumed by another process
    log_level: str = "INFO"
    queue_capacity: int = 64  # messages (with their text) held in memory for redaction at once
    feedback_days: int = 90  # authors' "wrongly masked" reports are purged after this
    job_retention_days: int = 7  # finished redaction jobs (ids and a step) are deleted after this
    masking: MaskingSettings = field(default_factory=MaskingSettings)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def partly_configured(self) -> bool:
        """Some Slack setting is given but not all: `make run` must name what is missing."""
        return bool(self.slack_bot_token or self.slack_signing_secret or self.slack_app_token
                    or self.slack_user_token) and bool(self.missing())

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
            slack_user_token=environ.get("SLACK_USER_TOKEN", ""),
            slack_api_url=api_url(environ),
            database_url=environ.get("DATABASE_URL", "sqlite:///maskbot.db") or "sqlite:///maskbot.db",
            admins=_ids(environ.get("MASKBOT_ADMINS", "")),
            monitored_channels=_ids(environ.get("MASKBOT_MONITORED_CHANNELS", "")),
            report_channel=environ.get("MASKBOT_REPORT_CHANNEL", ""),
            flag_emoji=(environ.get("MASKBOT_FLAG_EMOJI", "mask") or "mask").strip(":"),
            port=_number(environ, "PORT", 3000, int),
            slack_timeout_s=_number(environ, "MASKBOT_SLACK_TIMEOUT_S", 15),
            retry_budget_s=_number(environ, "MASKBOT_RETRY_BUDGET_S", 30),
            sweep_every_s=_number(environ, "MASKBOT_SWEEP_EVERY_S", 15),
            job_lease_s=_number(environ, "MASKBOT_JOB_LEASE_S", 60),
            log_level=(environ.get("LOG_LEVEL", "INFO") or "INFO").upper(),
            feedback_days=_number(environ, "MASKBOT_FEEDBACK_DAYS", 90, int),
            job_retention_days=_number(environ, "MASKBOT_JOB_RETENTION_DAYS", 7, int),
            queue_capacity=_number(environ, "MASKBOT_QUEUE_CAPACITY", 64, int),
            file_max_mb=_number(environ, "MASKBOT_FILE_MAX_MB", 20),
            scan_read_tier=_choice(environ, "MASKBOT_SCAN_READ_TIER", ("tier3", "limited")),
            masking=MaskingSettings.from_env(environ),
        )
