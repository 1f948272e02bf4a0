"""Logs never carry message text, request bodies or upstream error bodies, at any level and from
any library: third-party records are cut to one short line with anything after `body` removed,
and their DEBUG records (slack_sdk logs whole request payloads there) are dropped.

A record is ours when our code wrote it, judged by the file that emitted it, not by the logger's
name: Bolt writes to the `maskbot.bolt` logger we hand it, and its warnings quote payload fields
(a `callback_id`, a message) that must be filtered like any library's."""
from __future__ import annotations

import logging
import os
import re

MAX_CHARS = 200
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_OUR_FILES = tuple(os.path.join(_ROOT, package) + os.sep for package in ("bot", "masking", "training", "slack_access"))
_PAYLOAD = re.compile(r"(?is)\b(body|payload|text|data|params|response|request)\b\s*[:=].*")
_DETAIL = re.compile(r"\s*[:=({\[<'\"].*", re.S)
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class HygieneFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ours = os.path.abspath(record.pathname or "").startswith(_OUR_FILES)
        if not ours and record.levelno <= logging.DEBUG:
            return False
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template only
            message = str(record.msg)
        if not ours:  # a library's record keeps its opening words; any field, value or payload after them goes
            message = _PAYLOAD.sub(r"\1: [omitted]", message)
            message = _DETAIL.sub(" [details omitted]", message.splitlines()[0] if message else "")
        message = message.splitlines()[0][:MAX_CHARS] if message else ""
        record.msg, record.args = message, None
        if not ours:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def configure(level: str = "INFO") -> None:
    """Root logging at `level` (LOG_LEVEL), every handler filtered."""
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), format=FORMAT, force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(HygieneFilter())
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.addFilter(HygieneFilter())
