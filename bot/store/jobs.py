"""Durable redaction jobs: claimed before Slack's event is acknowledged, advanced along the state
machine of `bot.store.job_states`, resumed by whichever process finds them stale.

Resumption takes jobs with PostgreSQL's `FOR UPDATE SKIP LOCKED`, so two processes never take
the same job and neither waits on the other; SQLite has one writer at a time, which gives the
same guarantee there (SQLAlchemy leaves the clause out on SQLite). A lease keeps a job that a
live process holds from being resumed under it: the holder renews `updated_at` while the job
waits in its queue or runs, and a job is taken over only once its lease has run out.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update

from bot.store.job_states import ALLOWED_FROM, OPEN as OPEN_STEPS, REOPENABLE as REOPENABLE_STEPS
from bot.store.models import RedactionJob

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5


def _now() -> datetime:
    return datetime.now(timezone.utc)


class JobStore:
    """Mixed into `Store`: needs `self.session()` and `self.insert_once()`."""

    def claim_job(self, key: str, channel_id: str, ts: str, thread_ts: str | None, author_id: str,
                  trigger: str, holder: str = "") -> bool:
        """True when the job is now ours, durably; one job per message whatever triggered it.

        A message's job is claimed once while it is open, and never again once it replaced the
        message. A job that ended with the message still there and no copy posted (found clean,
        could not be checked, left and reported) may be claimed again: an edit that adds PII, or
        a later flag, is new work. Database errors propagate, so the caller can refuse to
        acknowledge the event."""
        key = key[:128]
        if self.insert_once(RedactionJob(key=key, channel_id=channel_id, ts=ts, thread_ts=thread_ts or "",
                                         author_id=author_id, trigger=trigger, holder=holder)):
            return True
        with self.session() as s:
            reopened = s.execute(
                update(RedactionJob)
                .where(RedactionJob.key == key, RedactionJob.copy_ts == "",
                       RedactionJob.step.in_(REOPENABLE_STEPS))
                .values(step="queued", holder=holder, trigger=trigger, attempts=0, detail="",
                        updated_at=_now()))
            s.commit()
            return reopened.rowcount == 1

    def advance(self, key: str, step: str, *, copy_ts: str | None = None, detail: str = "") -> bool:
        """Move a job along the state machine of `bot.store.job_states`; False (and nothing
        written) when the job is not in a step it may move to `step` from: a final job stays final."""
        values = {"step": step, "updated_at": _now(), "detail": detail[:200]}
        if copy_ts is not None:
            values["copy_ts"] = copy_ts
        with self.session() as s:
            moved = s.execute(update(RedactionJob)
                              .where(RedactionJob.key == key, RedactionJob.step.in_(ALLOWED_FROM[step]))
                              .values(**values))
            s.commit()
        if moved.rowcount != 1:
            log.warning("redaction job not moved to %s: it is not in a step that leads there", step)
        return moved.rowcount == 1

    def job(self, key: str) -> RedactionJob | None:
        with self.session() as s:
            return s.get(RedactionJob, key)

    def renew(self, keys: list[str], holder: str) -> None:
        """Extend the lease of the open jobs this holder has in hand."""
        if not keys:
            return
        with self.session() as s:
            s.execute(update(RedactionJob).where(RedactionJob.key.in_(keys), RedactionJob.holder == holder,
                                                 RedactionJob.step.in_(OPEN_STEPS)).values(updated_at=_now()))
            s.commit()

    def hand_back(self, keys: list[str], holder: str) -> int:
        """Release jobs this holder will not finish: their lease expires now, so any process's
        sweeper takes them up at once."""
        if not keys:
            return 0
        with self.session() as s:
            released = s.execute(update(RedactionJob).where(RedactionJob.key.in_(keys), RedactionJob.holder == holder,
                                                            RedactionJob.step.in_(OPEN_STEPS))
                                 .values(holder="", updated_at=datetime(1970, 1, 1, tzinfo=timezone.utc)))
            s.commit()
            return released.rowcount

    def holds(self, key: str, holder: str) -> bool:
        job = self.job(key)
        return job is not None and job.holder == holder and job.step in OPEN_STEPS

    def take_stale_jobs(self, holder: str, limit: int = 20, lease: timedelta = LEASE) -> list[RedactionJob]:
        """Open jobs whose lease ran out (their holder died), now held by `holder`."""
        with self.session() as s:
            rows = list(s.scalars(
                select(RedactionJob)
                .where(RedactionJob.step.in_(OPEN_STEPS), RedactionJob.updated_at < _now() - lease)
                .order_by(RedactionJob.updated_at).limit(limit)
                .with_for_update(skip_locked=True)))
            for row in rows:
                row.updated_at = _now()
                row.attempts += 1
                row.holder = holder
            s.commit()
            return rows

    def copy_author(self, channel_id: str, copy_ts: str) -> str | None:
        """The author of the original behind maskbot's masked copy at `copy_ts`, or None when that
        message is no masked copy (a `/mask` post, a digest, a note)."""
        with self.session() as s:
            rows = s.scalars(select(RedactionJob).where(RedactionJob.channel_id == channel_id,
                                                        RedactionJob.copy_ts.contains(copy_ts),
                                                        RedactionJob.step.in_(("posted", "done"))))
            for row in rows:
                if copy_ts in row.copy_ts.split(","):
                    return row.author_id
        return None

    def prune_jobs(self, older_than: timedelta) -> int:
        """Delete finished jobs older than the retention; open ones are kept whatever their age.
        Idempotency needs no more: Slack redelivers an event for at most an hour, and a replaced
        message no longer exists to be flagged again."""
        with self.session() as s:
            gone = s.execute(delete(RedactionJob).where(RedactionJob.step.not_in(OPEN_STEPS),
                                                        RedactionJob.updated_at < _now() - older_than))
            s.commit()
            return gone.rowcount

    def open_jobs(self) -> list[RedactionJob]:
        with self.session() as s:
            return list(s.scalars(select(RedactionJob).where(RedactionJob.step.in_(OPEN_STEPS))))
