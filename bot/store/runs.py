"""Training runs and model versions in the database: one run at a time, a live version that
every web process follows, and runs of dead workers marked failed rather than left stuck."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.store.models import ModelVersion, TrainingRunRow

ACTIVE = ("queued", "running")
LIVE_KEY = "live_version"


class RunInProgress(RuntimeError):
    def __init__(self, run: TrainingRunRow | None) -> None:
        super().__init__(f"run #{run.id} is {run.state}" if run else "another run was just queued")
        self.run = run


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for the UTC values we stored."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class RunStore:
    """Mixed into `Store`: needs `self.session()`."""

    def queue_run(self, kind: str, params: dict, by: str, channel_id: str) -> TrainingRunRow:
        run = TrainingRunRow(kind=kind, params=params, started_by=by, channel_id=channel_id, active_slot=1)
        with self.session() as s:
            s.add(run)
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
                active = self.active_run()
                raise RunInProgress(active) from None
        return run

    def active_run(self) -> TrainingRunRow | None:
        with self.session() as s:
            return s.scalars(select(TrainingRunRow).where(TrainingRunRow.state.in_(ACTIVE))
                             .order_by(TrainingRunRow.id)).first()

    def get_run(self, run_id: int) -> TrainingRunRow | None:
        with self.session() as s:
            return s.get(TrainingRunRow, run_id)

    def claim_next_run(self, worker: str) -> TrainingRunRow | None:
        """Atomically move the oldest queued run to running for this worker."""
        with self.session() as s:
            run = s.scalars(select(TrainingRunRow).where(TrainingRunRow.state == "queued")
                            .order_by(TrainingRunRow.id)).first()
            if run is None:
                return None
            claimed = s.execute(update(TrainingRunRow).where(TrainingRunRow.id == run.id, TrainingRunRow.state == "queued")
                                .values(state="running", worker=worker, heartbeat_at=_now())).rowcount
            s.commit()
            return s.get(TrainingRunRow, run.id, populate_existing=True) if claimed else None

    def update_run(self, run_id: int, **values) -> None:
        with self.session() as s:
            s.execute(update(TrainingRunRow).where(TrainingRunRow.id == run_id).values(**values))
            s.commit()

    def heartbeat(self, run_id: int, worker: str) -> bool:
        """Refresh the heartbeat of a run this worker holds. False means stop now: an admin asked
        to cancel, or the row no longer says this worker runs it (it was failed as stale or
        cancelled). The row is the one invariant: a run executes only while it says so."""
        with self.session() as s:
            held = s.execute(update(TrainingRunRow)
                             .where(TrainingRunRow.id == run_id, TrainingRunRow.state == "running",
                                    TrainingRunRow.worker == worker, TrainingRunRow.cancel_requested.is_(False))
                             .values(heartbeat_at=_now())).rowcount
            s.commit()
        return bool(held)

    def request_cancel(self, stale_after: timedelta | None = None) -> TrainingRunRow | None:
        """Cancel the active run. A queued run, or a running one whose worker stopped beating,
        ends at once; a live worker stops at its next heartbeat."""
        run = self.active_run()
        if run is None:
            return None
        dead = (run.state == "running" and stale_after is not None and run.heartbeat_at is not None
                and _aware(run.heartbeat_at) < _now() - stale_after)
        if run.state == "queued" or dead:
            self.update_run(run.id, state="cancelled", cancel_requested=True, finished_at=_now(), active_slot=None)
        else:
            self.update_run(run.id, cancel_requested=True)
        return self.get_run(run.id)

    def finish_run(self, run_id: int, state: str, **values) -> None:
        self.update_run(run_id, state=state, finished_at=_now(), active_slot=None, **values)

    def fail_stale_runs(self, older_than: timedelta) -> list[int]:
        """Runs whose worker stopped sending heartbeats died with it: mark them failed."""
        cutoff = _now() - older_than
        with self.session() as s:
            stale = list(s.scalars(select(TrainingRunRow.id).where(TrainingRunRow.state == "running",
                                                                   TrainingRunRow.heartbeat_at < cutoff)))
            if stale:
                s.execute(update(TrainingRunRow).where(TrainingRunRow.id.in_(stale))
                          .values(state="failed", error="worker stopped (no heartbeat)", finished_at=_now(),
                                  active_slot=None))
                s.commit()
        return stale

    # --- model versions -----------------------------------------------------------------------
    def add_version(self, version: str, kind: str, path: str, metrics: dict) -> None:
        with self.session() as s:
            s.merge(ModelVersion(version=version, kind=kind, path=path, metrics=metrics))
            s.commit()

    def versions(self) -> list[ModelVersion]:
        with self.session() as s:
            return list(s.scalars(select(ModelVersion).order_by(ModelVersion.created_at)))

    def get_version(self, version: str) -> ModelVersion | None:
        with self.session() as s:
            return s.get(ModelVersion, version)

    def set_live(self, version: str) -> ModelVersion:
        with self.session() as s, s.begin():
            row = s.get(ModelVersion, version)
            if row is None:
                raise KeyError(version)
            s.execute(update(ModelVersion).where(ModelVersion.kind == row.kind).values(live=False))
            row.live = True
        return self.get_version(version)

    def live_version(self, kind: str = "local") -> ModelVersion | None:
        with self.session() as s:
            return s.scalars(select(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.live)).first()
