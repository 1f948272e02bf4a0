"""`/mask-admin scan #channel [since=YYYY-MM-DD] [threads=yes|no] [apply]`: queue a history scan."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.services import channels
from bot.services.container import Services
from bot.store.scans import ScanInProgress

SCAN_USAGE = ("Try `/mask-admin scan #channel` (a report only), `/mask-admin scan #channel since=2024-01-01 "
              "threads=no`, or `/mask-admin scan #channel apply` to replace what it finds with masked copies.")


def parse_scan(words: list[str]) -> tuple[bool, str, bool]:
    """(apply, since as a Slack ts, threads) from the words after the channel."""
    apply, since, threads = False, "0", True
    for word in words:
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep and key == "apply":
            apply = True
        elif key == "since" and value:
            try:
                moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
            except ValueError:
                raise ValueError(f"since must be a date like 2024-01-31, not {value!r}") from None
            since = f"{moment.timestamp():.6f}"
        elif key == "threads" and value.lower() in ("yes", "no"):
            threads = value.lower() == "yes"
        else:
            raise ValueError(f"unknown option {word!r}")
    return apply, since, threads


def scan(services: Services, channel: str | None, words: list[str], user: str, here: str) -> str:
    if channel is None:
        return f"Which channel? {SCAN_USAGE}"
    try:
        apply, since, threads = parse_scan(words)
    except ValueError as exc:
        return f"{exc}. {SCAN_USAGE}"
    if apply and services.redactor.user is None:
        return ("Replacing past messages needs an admin's user token (SLACK_USER_TOKEN): only a user token "
                "may delete other people's messages. A report-only scan works without it.")
    joined = channels.advice(channels.join(services.bot, services.store, channel))
    report = services.redactor.report_channel() or here
    try:
        queued = services.store.queue_scan(channel, apply, since, threads, user, report)
    except ScanInProgress as exc:
        return (f"<#{channel}> already has scan #{exc.scan.id} {exc.scan.state}; one scan per channel at a time. "
                "`/mask-admin cancel` stops it.") if exc.scan else str(exc)
    what = "replace the messages holding personal data with masked copies" if apply else \
        "report how many messages hold personal data (nothing is changed)"
    return f"Queued history scan #{queued.id} of <#{channel}>: it will {what}. Progress will appear in <#{report}>.{joined}"
