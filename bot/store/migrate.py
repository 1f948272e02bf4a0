"""Bring a database to the current schema with Alembic, at start, in every process.

A database the first release made with `create_all` has the tables of revision 0001 but no
`alembic_version`: it is stamped 0001 and upgraded from there. Processes starting together race
on the same DDL; the loser retries once the winner's transaction is visible.
"""
from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_RELEASE_TABLES = {"monitored_channels", "settings", "processed_events", "redactions", "training_runs",
                        "model_versions"}


def upgrade(engine: Engine, attempts: int = 5) -> None:
    for attempt in range(attempts):
        try:
            _upgrade(engine)
            return
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.3 * (attempt + 1))


def _upgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and FIRST_RELEASE_TABLES <= tables:
            command.stamp(config, "0001")
        command.upgrade(config, "head")
