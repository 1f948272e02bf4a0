"""Durable redaction jobs: claimed before Slack's event is acknowledged, advanced step by step,
resumed by whichever process finds them stale.

Resumption takes jobs with PostgreSQL's `FOR UPDATE SKIP LOCKED`, so two processes never take
the same job and neither waits on the other; SQLite has one writer at a time, which gives the
same guarantee there (SQLAlchemy leaves the clause out on SQLite). A lease (`updated_at`) keeps a
job that a live process is working on from being resumed under it.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.store.models import RedactionJob

OPEN_STEPS = ("queued", "posted")
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5


def _now() -> datetime:
    return datetime.now(timezone.utc)


class JobStore:
    """Mixed into `Store`: needs `self.session()`."""

    def claim_job(self, key: str, channel_id: str, ts: str, thread_ts: str | None, author_id: str,
                  trigger: str) -> bool:
        """True exactly once per key across every process: the job is now ours, durably.
        Database errors propagate, so the caller can refuse to acknowledge the event."""
        with self.session() as s:
            s.add(RedactionJob(key=key[:128], channel_id=channel_id, ts=ts, thread_ts=thread_ts or "",
                               author_id=author_id, trigger=trigger))
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
                return False
        return True

    def advance(self, key: str, step: str, *, copy_ts: str | None = None, detail: str = "") -> None:
        values = {"step": step, "updated_at": _now(), "detail": detail[:200]}
        if copy_ts is not None:
            values["copy_ts"] = copy_ts
        with self.session() as s:
            s.execute(update(RedactionJob).where(RedactionJob.key == key).values(**values))
            s.commit()

    def job(self, key: str) -> RedactionJob | None:
        with self.session() as s:
            return s.get(RedactionJob, key)

    def take_stale_jobs(self, limit: int = 20, lease: timedelta = LEASE) -> list[RedactionJob]:
        """Open jobs nobody has touched for a lease, renewed for the caller and returned."""
        with self.session() as s:
            rows = list(s.scalars(
                select(RedactionJob)
                .where(RedactionJob.step.in_(OPEN_STEPS), RedactionJob.updated_at < _now() - lease)
                .order_by(RedactionJob.updated_at).limit(limit)
                .with_for_update(skip_locked=True)))
            for row in rows:
                row.updated_at = _now()
                row.attempts += 1
            s.commit()
            return rows

    def open_jobs(self) -> list[RedactionJob]:
        with self.session() as s:
            return list(s.scalars(select(RedactionJob).where(RedactionJob.step.in_(OPEN_STEPS))))
