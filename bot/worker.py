"""The background worker process (Procfile `worker`). Retraining jobs arrive with the retraining
feature; until then it keeps the dedupe table small and idles."""
from __future__ import annotations

import logging
import time

from bot.settings import BotSettings
from bot.store import Store


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    store = Store(BotSettings.from_env().database_url)
    while True:
        store.prune_events()
        time.sleep(3600)


if __name__ == "__main__":
    main()
