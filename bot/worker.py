"""The worker process (Procfile `worker`): runs queued retraining jobs and history scans — the web
process never trains or scans — and keeps the dedupe table small."""
from __future__ import annotations

import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from bot import clients
from bot.services.container import Services
from bot.services.feedback import digest_blocks
from bot.services.history_scan import ScanWorker
from bot.services.retraining import Gate, RetrainingWorker
from bot import log_hygiene
from bot.settings import BotSettings


def build_worker(settings: BotSettings) -> RetrainingWorker:
    services = Services.build(settings, clients.bot_client(settings), clients.user_client(settings))
    data_dir = os.environ.get("MASKBOT_TRAINING_DATA_DIR")
    return RetrainingWorker(services, Path(os.environ.get("MASKBOT_RUNS_DIR", "runs")),
                            min_update_s=float(os.environ.get("MASKBOT_PROGRESS_EVERY_S", 5)),
                            gate=Gate(float(os.environ.get("MASKBOT_PROMOTION_MARGIN", 0.5)) / 100),
                            data_dir=Path(data_dir) if data_dir else None)


DIGEST_KEY = "feedback_digest_at"


def weekly_digest(services: Services) -> bool:
    """Post the digest of reported words to the report channel once a week."""
    channel = services.redactor.report_channel()
    last = services.store.get_setting(DIGEST_KEY, "0")
    if not channel or time.time() - float(last or 0) < 7 * 86400:
        return False
    blocks = digest_blocks(services.store)
    services.store.set_setting(DIGEST_KEY, str(time.time()))
    if blocks:
        services.bot.chat_postMessage(channel=channel, text="maskbot: words reported as wrongly masked", blocks=blocks)
    return bool(blocks)


def main() -> int:
    settings = BotSettings.from_env()
    log_hygiene.configure(settings.log_level)
    if not settings.slack_bot_token:
        print("maskbot worker: missing required settings: SLACK_BOT_TOKEN", file=sys.stderr)
        return 2
    worker = build_worker(settings)
    stop = threading.Event()

    def housekeeping() -> None:
        while not stop.wait(3600):
            worker.store.prune_events()
            worker.store.prune_jobs(timedelta(days=settings.job_retention_days))
            worker.store.purge_feedback(timedelta(days=settings.feedback_days))
            weekly_digest(worker.services)

    threading.Thread(target=housekeeping, daemon=True).start()
    scans = ScanWorker(worker.services)  # history scans beside training: both run for hours
    threading.Thread(target=scans.run_forever, args=(stop,), name="maskbot-scans", daemon=True).start()
    worker.run_forever(stop=stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
