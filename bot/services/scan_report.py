"""What a history scan says in the report channel: counts, kinds, months and permalinks, never
values or text."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.store.models import HistoryScan

BAR_WIDTH = 20


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    seconds = int(seconds)
    if seconds >= 86400:
        return f"{seconds // 86400}d{seconds % 86400 // 3600:02d}h"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


def _since(scan: HistoryScan) -> str:
    since = float(scan.since_ts or 0)
    return f" since {datetime.fromtimestamp(since, timezone.utc):%Y-%m-%d}" if since else ""


def progress_text(scan: HistoryScan, counts: dict, pace, eta_s: float | None) -> str:
    mode = "replacing" if scan.apply else "report only"
    lines = [f"*History scan #{scan.id}* of <#{scan.channel_id}>{_since(scan)} ({mode})",
             f"read {counts.get('read', 0):,} · with personal data {counts.get('found', 0):,}"
             + (f" · replaced {counts.get('replaced', 0):,}" if scan.apply else "")
             + f" · ~{_duration(eta_s)} left",
             f"_reading {pace.page_size} messages per request, {pace.reads_per_minute():.0f} requests a minute_"]
    return "\n".join(lines)


def report_text(scan: HistoryScan, counts: dict, permalinks: list[str]) -> str:
    found, read = counts.get("found", 0), counts.get("read", 0)
    head = (f"*History scan #{scan.id}* of <#{scan.channel_id}>{_since(scan)} finished: {found:,} of {read:,} "
            f"messages hold personal data under the active policy.")
    lines = [head]
    kinds = counts.get("kinds") or {}
    if kinds:
        lines.append("By kind: " + ", ".join(f"`{kind}` {n:,}" for kind, n in sorted(kinds.items(), key=lambda x: -x[1])))
    months = counts.get("months") or {}
    if months:
        lines.append("By month: " + ", ".join(f"{month} {n:,}" for month, n in sorted(months.items())))
    if scan.apply:
        lines.append(f"Replaced with masked copies: {counts.get('replaced', 0):,}; already replaced before: "
                     f"{counts.get('already_handled', 0):,}; deleted meanwhile: {counts.get('gone', 0):,}; "
                     f"left as they were (not deletable, see the notes above): "
                     f"{sum(counts.get(k, 0) for k in ('not_deleted', 'not_posted', 'masking_failed')):,}.")
    elif permalinks:
        lines.append(f"The oldest {len(permalinks)}: " + " ".join(f"<{link}|{i}>" for i, link in enumerate(permalinks, 1)))
        lines.append(f"Nothing was changed. To replace them: `/mask-admin scan <#{scan.channel_id}> apply`.")
    if counts.get("unchecked"):
        lines.append(f":warning: {counts['unchecked']:,} messages could not be checked and were left as they are.")
    return "\n".join(lines)
