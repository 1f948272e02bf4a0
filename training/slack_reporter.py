"""Training progress in a Slack channel: one message, posted at start and edited in place.

Edits are throttled (`min_interval_s`) so a run never hits Slack's rate limits for
`chat.update`; the start, epoch ends and the end are always shown.
"""
from __future__ import annotations

import logging
import time

from training.reporting import ProgressEvent

log = logging.getLogger(__name__)
BAR_WIDTH = 20


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


def progress_text(title: str, event: ProgressEvent) -> str:
    filled = round(event.fraction * BAR_WIDTH)
    parts = [f"*{title}*", f"`{'█' * filled}{'░' * (BAR_WIDTH - filled)}` {event.fraction:.0%}"]
    detail = []
    if event.total_steps:
        detail.append(f"step {event.step}/{event.total_steps}")
    if event.total_epochs:
        detail.append(f"epoch {event.epoch:.2f}/{event.total_epochs}")
    if event.state:
        detail.append(event.state.replace("JOB_STATE_", "").lower())
    if event.loss is not None:
        detail.append(f"loss {event.loss:.4f}")
    if event.mean_loss is not None:
        detail.append(f"mean loss {event.mean_loss:.4f}")
    detail.append(f"{_duration(event.elapsed_s)} elapsed")
    if event.eta_s is not None:
        detail.append(f"~{_duration(event.eta_s)} left")
    parts.append(" · ".join(detail))
    if event.message and event.kind == "end":
        parts.append(event.message)
    return "\n".join(parts)


class SlackReporter:
    def __init__(self, client, channel: str, title: str, min_interval_s: float = 5.0, thread_ts: str | None = None,
                 clock=time.monotonic) -> None:
        self.client = client
        self.channel = channel
        self.title = title
        self.min_interval_s = min_interval_s
        self.thread_ts = thread_ts
        self.clock = clock
        self.ts: str | None = None
        self._last_update = 0.0
        self._last: ProgressEvent | None = None

    def report(self, event: ProgressEvent) -> None:
        try:
            self._report(event)
        except Exception as exc:  # progress display must never stop a training run
            log.warning("Slack progress update failed: %s", type(exc).__name__)

    def _post(self, **kwargs):
        """chat.postMessage, joining a public report channel first when the bot is not in it."""
        from slack_sdk.errors import SlackApiError

        try:
            return self.client.chat_postMessage(channel=self.channel, **kwargs)
        except SlackApiError as exc:
            if (exc.response or {}).get("error") != "not_in_channel":
                raise
            self.client.conversations_join(channel=self.channel)
            return self.client.chat_postMessage(channel=self.channel, **kwargs)

    def _report(self, event: ProgressEvent) -> None:
        if event.kind == "start" or self.ts is None:
            response = self._post(text=progress_text(self.title, event), thread_ts=self.thread_ts)
            self.ts = response["ts"]
            self.channel = response.get("channel", self.channel)
            self._last_update = self.clock()
            return
        self._last = event
        due = self.clock() - self._last_update >= self.min_interval_s
        if due or event.kind in ("epoch", "end"):
            self.client.chat_update(channel=self.channel, ts=self.ts, text=progress_text(self.title, event))
            self._last_update = self.clock()

    def upload_png(self, path, title: str) -> None:
        """Into the progress message's thread (files.getUploadURLExternal/completeUploadExternal)."""
        self.client.files_upload_v2(channel=self.channel, thread_ts=self.ts, file=str(path), title=title,
                                    filename=getattr(path, "name", "plot.png"))

    def reply(self, text: str) -> None:
        self._post(thread_ts=self.ts, text=text)
