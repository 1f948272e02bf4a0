"""All database access goes through `Store`, so handlers never hold sessions."""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from typing import Iterable, Iterator
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.migrate import upgrade
from bot.store.models import MonitoredChannel, ProcessedEvent, Redaction, Setting
from bot.store.feedback import FeedbackStore
from bot.store.jobs import JobStore
from bot.store.runs import RunStore
from bot.store.scans import ScanStore
from bot.store.terms import TermStore


# How long this thread's statements wait for a locked SQLite database; None: the store's default.
_LOCK_WAIT_MS: ContextVar[int | None] = ContextVar("maskbot_lock_wait_ms", default=None)


class Store(RunStore, JobStore, TermStore, FeedbackStore, ScanStore):
    def __init__(self, database_url: str) -> None:
        kwargs = {"pool_pre_ping": True}
        if database_url.startswith("sqlite"):  # `?timeout=N` in the URL overrides the 30 s lock wait
            kwargs["connect_args"] = {"check_same_thread": False,
                                      **({} if "timeout=" in database_url else {"timeout": 30})}
        self.engine = create_engine(database_url, **kwargs)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        if database_url.startswith("sqlite"):
            wait = parse_qs(urlsplit(database_url).query).get("timeout", ["30"])[0]
            default_ms = int(float(wait) * 1000)

            @event.listens_for(self.engine, "connect")
            def _write_ahead_log(dbapi_connection, record) -> None:
                # Readers never wait for a writer, and a commit is one append instead of two syncs:
                # acks (which claim a job) stay quick while redactions write their steps.
                cursor = dbapi_connection.cursor()
                if ":memory:" not in database_url:
                    cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.close()

            @event.listens_for(self.engine, "checkout")
            def _lock_wait(dbapi_connection, record, proxy) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {int(_LOCK_WAIT_MS.get() or default_ms)}")
                cursor.close()
        self._create_tables()

    @contextmanager
    def short_waits(self, ms: int = 2000) -> Iterator[None]:
        """Statements in this block give up on a locked SQLite database after `ms`: a person waiting
        for an answer (an admin command) hears "database unavailable" in seconds, not after the
        30 s that background work waits."""
        token = _LOCK_WAIT_MS.set(ms)
        try:
            yield
        finally:
            _LOCK_WAIT_MS.reset(token)

    def _create_tables(self) -> None:
        """Alembic migrations bring a new or older database to the current schema."""
        upgrade(self.engine)

    def session(self) -> Session:
        return self._session()

    # --- deduplication -------------------------------------------------------------
    def claim_event(self, key: str) -> bool:
        """True exactly once per key across every process sharing the database."""
        return self.insert_once(ProcessedEvent(event_key=key[:128]))

    def insert_once(self, row) -> bool:
        """Insert a row whose primary key may exist already; False when it did."""
        with self.session() as s:
            s.add(row)
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
                return False
        return True

    def prune_events(self, older_than: timedelta = timedelta(days=2)) -> None:
        with self.session() as s:
            s.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < datetime.now(timezone.utc) - older_than))
            s.commit()

    # --- monitored channels -------------------------------------------------------------
    def monitored(self) -> list[str]:
        with self.session() as s:
            return sorted(s.scalars(select(MonitoredChannel.channel_id)))

    def is_monitored(self, channel_id: str) -> bool:
        with self.session() as s:
            return s.get(MonitoredChannel, channel_id) is not None

    def monitor(self, channel_id: str, by: str = "") -> bool:
        with self.session() as s:
            if s.get(MonitoredChannel, channel_id):
                return False
            s.add(MonitoredChannel(channel_id=channel_id, added_by=by))
            try:
                s.commit()
            except IntegrityError:
                return False
        return True

    def unmonitor(self, channel_id: str) -> bool:
        with self.session() as s:
            row = s.get(MonitoredChannel, channel_id)
            if row is None:
                return False
            s.delete(row)
            s.commit()
        return True

    def seed_monitored(self, channel_ids: Iterable[str]) -> None:
        for channel_id in channel_ids:
            self.monitor(channel_id, by="config")

    # --- settings -------------------------------------------------------------------------
    def get_setting(self, key: str, default: str = "") -> str:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        """An upsert: processes starting together write the same settings at once, and a
        select-then-insert lets one of them fail on the primary key."""
        dialect = self.engine.dialect.name
        if dialect not in ("postgresql", "sqlite"):
            with self.session() as s:
                s.merge(Setting(key=key, value=value))
                s.commit()
            return
        module = __import__(f"sqlalchemy.dialects.{dialect}", fromlist=["insert"])
        statement = module.insert(Setting).values(key=key, value=value)
        statement = statement.on_conflict_do_update(index_elements=[Setting.key], set_={"value": value})
        with self.session() as s:
            s.execute(statement)
            s.commit()

    # --- audit ------------------------------------------------------------------------------
    def record(self, *, channel_id: str, author_id: str, trigger: str, outcome: str,
               labels: Iterable[str] = (), engine: str = "", latency_ms: float = 0.0, detail: str = "") -> None:
        with self.session() as s:
            s.add(Redaction(channel_id=channel_id, author_id=author_id, trigger=trigger, outcome=outcome,
                            labels=dict(Counter(labels)), engine=engine, latency_ms=round(latency_ms, 2),
                            detail=detail[:200]))
            s.commit()

    def recent_counts(self, days: int = 7) -> dict[str, int]:
        since = datetime.now(timezone.utc) - timedelta(days=days)
        with self.session() as s:
            rows = s.execute(select(Redaction.outcome, func.count()).where(Redaction.at >= since)
                             .group_by(Redaction.outcome))
            return {outcome: count for outcome, count in rows}

    def redactions(self) -> list[Redaction]:
        with self.session() as s:
            return list(s.scalars(select(Redaction).order_by(Redaction.id)))
