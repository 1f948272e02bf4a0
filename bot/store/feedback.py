"""Authors' reports of words masked by mistake, fixes of missed PII, and their retention."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select

from bot.store.models import FeedbackRow


class FeedbackStore:
    """Mixed into `Store`: needs `self.session()`."""

    def add_feedback(self, reporter: str, channel: str, masked_copy: str, ticked: list[dict],
                     kind: str = "wrong") -> None:
        with self.session() as s:
            s.add(FeedbackRow(reporter_id=reporter, channel_id=channel, masked_copy=masked_copy, ticked=ticked,
                              kind=kind))
            s.commit()

    def feedback(self, kind: str | None = "wrong") -> list[FeedbackRow]:
        with self.session() as s:
            query = select(FeedbackRow).order_by(FeedbackRow.id)
            if kind:
                query = query.where(FeedbackRow.kind == kind)
            return list(s.scalars(query))

    def reported_words(self) -> Counter:
        """Words authors declared not personal, with how many reports named them."""
        counts: Counter = Counter()
        for row in self.feedback():
            counts.update({(t.get("word") or "").strip().lower() for t in row.ticked if (t.get("word") or "").strip()})
        return counts

    def purge_feedback(self, older_than: timedelta | None = None) -> int:
        with self.session() as s:
            query = delete(FeedbackRow)
            if older_than is not None:
                query = query.where(FeedbackRow.at < datetime.now(timezone.utc) - older_than)
            count = s.execute(query).rowcount
            s.commit()
        return count
