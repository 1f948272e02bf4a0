"""History scans of channels (`/mask-admin scan`): ids, counts and cursors only.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_scans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("apply", sa.Boolean, nullable=False),
        sa.Column("since_ts", sa.String(32), nullable=False),
        sa.Column("threads", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("cursor", sa.Text, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("found", sa.JSON, nullable=False),
        sa.Column("applied", sa.Integer, nullable=False),
        sa.Column("requested_by", sa.String(32), nullable=False),
        sa.Column("report_channel", sa.String(32), nullable=False),
        sa.Column("progress_ts", sa.String(32), nullable=False),
        sa.Column("worker", sa.String(96), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_requested", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(200), nullable=False),
        sa.Column("active_channel", sa.String(32), nullable=True, unique=True),
    )
    op.create_index("ix_history_scans_channel_id", "history_scans", ["channel_id"])
    op.create_index("ix_history_scans_state", "history_scans", ["state"])


def downgrade() -> None:
    op.drop_table("history_scans")
