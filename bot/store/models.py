"""SQLAlchemy models. No message text and no PII value is ever stored: audit rows hold ids,
labels, counts and timings."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class MonitoredChannel(Base):
    __tablename__ = "monitored_channels"
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(32), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class ProcessedEvent(Base):
    """One row per Slack delivery we acted on; the primary key makes redeliveries and
    deliveries to a second process no-ops."""
    __tablename__ = "processed_events"
    event_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Redaction(Base):
    __tablename__ = "redactions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(32), default="")
    trigger: Mapped[str] = mapped_column(String(16))  # monitor | reaction | shortcut | command
    outcome: Mapped[str] = mapped_column(String(32))  # replaced | not_deleted | masking_failed | …
    labels: Mapped[dict] = mapped_column(JSON, default=dict)  # label -> count
    engine: Mapped[str] = mapped_column(String(32), default="")
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    detail: Mapped[str] = mapped_column(Text, default="")  # Slack error codes only, never text


class TrainingRunRow(Base):
    """A retraining request and its life: queued -> running -> succeeded | failed | cancelled."""
    __tablename__ = "training_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    started_by: Mapped[str] = mapped_column(String(32), default="")
    channel_id: Mapped[str] = mapped_column(String(32), default="")
    message_ts: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    worker: Mapped[str] = mapped_column(String(64), default="")
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    artefacts: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[str] = mapped_column(String(64), default="")
    error: Mapped[str] = mapped_column(Text, default="")  # error class and Slack/Vertex codes, never data
    # 1 while queued or running, NULL after: the unique constraint allows one active run across
    # every process, as the primary key of processed_events allows one handling of an event.
    active_slot: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True, default=1)


class ModelVersion(Base):
    __tablename__ = "model_versions"
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(Text, default="")
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    live: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RedactionJob(Base):
    """One claimed redaction and how far it got: ids and a step, never text. A job that is not
    done is resumed after a crash or restart, reading the message again from Slack.

    Steps: queued (claimed, nothing posted) -> posted (masked copy up, original still there) ->
    done | rolled_back (copy removed, original kept, people told) | reported (left as is, told);
    the whole state machine is in `bot.store.job_states`."""
    __tablename__ = "redaction_jobs"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str] = mapped_column(String(32), default="")
    author_id: Mapped[str] = mapped_column(String(32), default="")
    trigger: Mapped[str] = mapped_column(String(16), default="monitor")
    step: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    copy_ts: Mapped[str] = mapped_column(Text, default="")  # ts of the masked copy's parts, comma-separated
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    holder: Mapped[str] = mapped_column(String(96), default="")  # the process working on it (host:pid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    detail: Mapped[str] = mapped_column(String(200), default="")  # Slack error codes only


class WorkspaceTermRow(Base):
    """A word or phrase admins allowed (never masked) or denied (always masked). Denied terms are
    the admins' own choice to store (a customer's name that must always go)."""
    __tablename__ = "workspace_terms"
    term: Mapped[str] = mapped_column(String(200), primary_key=True)  # lower-cased, single spaces
    kind: Mapped[str] = mapped_column(String(8))  # allow | deny
    label: Mapped[str] = mapped_column(String(32), default="")
    added_by: Mapped[str] = mapped_column(String(32), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FeedbackRow(Base):
    """An author's "wrongly masked" report, or a "missed something" fix. Only what is public or
    declared not personal: the masked copy (already in the channel; after a fix, the fixed copy),
    which placeholders were ticked or added and their labels, and the words an author declared not
    personal. Never the original text, and never the text a "missed" report pointed at."""
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    reporter_id: Mapped[str] = mapped_column(String(32), default="")
    channel_id: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(8), default="wrong")  # wrong: masked by mistake | missed: PII left
    masked_copy: Mapped[str] = mapped_column(Text, default="")
    ticked: Mapped[list] = mapped_column(JSON, default=list)  # [{"position": i, "label": "FIRSTNAME", "word": "…"}]


class HistoryScan(Base):
    """`/mask-admin scan`: a channel's past messages checked (and, with `apply`, replaced), durable
    across restarts. Ids, counts and a cursor only; never text or values.

    States: queued -> running -> done | cancelled | failed. `active_channel` holds the channel id
    while queued or running and NULL after, so a unique index allows one scan per channel."""
    __tablename__ = "history_scans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(String(32), index=True)
    apply: Mapped[bool] = mapped_column(default=False)
    since_ts: Mapped[str] = mapped_column(String(32), default="0")
    threads: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    phase: Mapped[str] = mapped_column(String(16), default="read")  # read | apply
    cursor: Mapped[str] = mapped_column(Text, default="")  # conversations.history's next_cursor
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # read, found, replaced, kinds, months …
    found: Mapped[list] = mapped_column(JSON, default=list)  # [[ts, thread_ts]] of messages holding PII
    applied: Mapped[int] = mapped_column(Integer, default=0)  # how many of `found` (oldest first) were handled
    requested_by: Mapped[str] = mapped_column(String(32), default="")
    report_channel: Mapped[str] = mapped_column(String(32), default="")
    progress_ts: Mapped[str] = mapped_column(String(32), default="")
    worker: Mapped[str] = mapped_column(String(96), default="")
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    error: Mapped[str] = mapped_column(String(200), default="")  # Slack error codes only
    active_channel: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
