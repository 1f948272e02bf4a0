"""Everything a listener needs, built once per process and handed to every listener module."""
from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.services.files import FileService
from bot.services.masker import Masker
from bot.services.members import MemberList
from bot.services.profiles import Profiles
from bot.services.redaction import Redactor
from bot.services.redaction_queue import RedactionQueue
from bot.settings import BotSettings
from bot.store import Store


@dataclass
class Services:
    settings: BotSettings
    store: Store
    masker: Masker
    profiles: Profiles
    redactor: Redactor
    redaction_queue: RedactionQueue
    bot: WebClient
    user: WebClient | None

    @classmethod
    def build(cls, settings: BotSettings, bot: WebClient, user: WebClient | None, store: Store | None = None) -> "Services":
        store = store or Store(settings.database_url)
        store.seed_monitored(settings.monitored_channels)
        members = MemberList(bot)
        members.directory()  # the first read starts now, in the background
        masker = Masker(settings.masking, store, members)
        profiles = Profiles(bot, settings.admins)
        files = FileService(bot, user, store, masker, max_mb=settings.file_max_mb)
        redactor = Redactor(bot, user, store, masker, profiles, settings.report_channel,
                            budget_s=settings.retry_budget_s, lease_s=settings.job_lease_s, files=files)
        queue = RedactionQueue(redactor, capacity=settings.queue_capacity, sweep_every_s=settings.sweep_every_s)
        return cls(settings, store, masker, profiles, redactor, queue, bot, user)
