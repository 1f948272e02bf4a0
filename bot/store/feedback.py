"""Authors' reports of words masked by mistake, and their retention."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select

from bot.store.models import FeedbackRow


class FeedbackStore:
    """Mixed into `Store`: needs `self.session()`."""

    def add_feedback(self, reporter: str, channel: str, masked_copy: str, ticked: list[dict]) -> None:
        with self.session() as s:
            s.add(FeedbackRow(reporter_id=reporter, channel_id=channel, masked_copy=masked_copy, ticked=ticked))
            s.commit()

    def feedback(self) -> list[FeedbackRow]:
        with self.session() as s:
            return list(s.scalars(select(FeedbackRow).order_by(FeedbackRow.id)))

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
