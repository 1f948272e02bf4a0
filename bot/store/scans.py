"""History scans in the database: one per channel at a time, resumed by any worker after a crash."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.models import HistoryScan
from bot.store.runs import _now

ACTIVE = ("queued", "running")


class ScanInProgress(RuntimeError):
    def __init__(self, scan: HistoryScan | None) -> None:
        super().__init__(f"scan #{scan.id} is {scan.state}" if scan else "another scan was just queued")
        self.scan = scan


class ScanStore:
    """Mixed into `Store`: needs `self.session()`."""

    def queue_scan(self, channel: str, apply: bool, since_ts: str, threads: bool, by: str,
                   report_channel: str) -> HistoryScan:
        scan = HistoryScan(channel_id=channel, apply=apply, since_ts=since_ts, threads=threads, requested_by=by,
                           report_channel=report_channel, active_channel=channel, counts={}, found=[])
        with self.session() as s:
            s.add(scan)
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
                raise ScanInProgress(self.active_scan(channel)) from None
        return scan

    def active_scan(self, channel: str) -> HistoryScan | None:
        with self.session() as s:
            return s.scalars(select(HistoryScan).where(HistoryScan.channel_id == channel,
                                                       HistoryScan.state.in_(ACTIVE))).first()

    def active_scans(self) -> list[HistoryScan]:
        with self.session() as s:
            return list(s.scalars(select(HistoryScan).where(HistoryScan.state.in_(ACTIVE)).order_by(HistoryScan.id)))

    def get_scan(self, scan_id: int) -> HistoryScan | None:
        with self.session() as s:
            return s.get(HistoryScan, scan_id)

    def claim_scan(self, worker: str, stale_after: timedelta) -> HistoryScan | None:
        """The oldest queued scan, or a running one whose worker stopped beating (it resumes from
        its saved cursor), now held by `worker`."""
        cutoff = _now() - stale_after
        with self.session() as s:
            candidates = s.scalars(select(HistoryScan.id).where(or_(
                HistoryScan.state == "queued",
                (HistoryScan.state == "running") & (HistoryScan.heartbeat_at < cutoff))).order_by(HistoryScan.id))
            for scan_id in list(candidates):
                claimed = s.execute(update(HistoryScan).where(
                    HistoryScan.id == scan_id, or_(HistoryScan.state == "queued",
                                                   (HistoryScan.state == "running") & (HistoryScan.heartbeat_at < cutoff)))
                    .values(state="running", worker=worker, heartbeat_at=_now())).rowcount
                s.commit()
                if claimed:
                    return s.get(HistoryScan, scan_id, populate_existing=True)
        return None

    def save_scan(self, scan_id: int, worker: str, **values) -> bool:
        """Save progress of a scan this worker holds and beat its heart. False means stop now:
        cancelled, or taken over by another worker."""
        with self.session() as s:
            held = s.execute(update(HistoryScan).where(
                HistoryScan.id == scan_id, HistoryScan.state == "running", HistoryScan.worker == worker,
                HistoryScan.cancel_requested.is_(False)).values(heartbeat_at=_now(), **values)).rowcount
            s.commit()
        return bool(held)

    def finish_scan(self, scan_id: int, state: str, **values) -> None:
        with self.session() as s:
            s.execute(update(HistoryScan).where(HistoryScan.id == scan_id)
                      .values(state=state, finished_at=_now(), active_channel=None, **values))
            s.commit()

    def cancel_scans(self, channel: str | None = None) -> list[HistoryScan]:
        """Ask active scans (of one channel, or all) to stop; a queued one ends at once."""
        scans = [scan for scan in self.active_scans() if channel in (None, scan.channel_id)]
        for scan in scans:
            if scan.state == "queued":
                self.finish_scan(scan.id, "cancelled", cancel_requested=True)
            else:
                with self.session() as s:
                    s.execute(update(HistoryScan).where(HistoryScan.id == scan.id).values(cancel_requested=True))
                    s.commit()
        return scans
