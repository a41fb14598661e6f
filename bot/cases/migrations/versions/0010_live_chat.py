"""Live chat with a human egencoach: coach availability, live chats and their messages.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('waiting', 'active')")


def upgrade() -> None:
    op.create_table(
        "coach_presence",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_coach_presence_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_coach_presence")),
    )
    op.create_table(
        "live_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=3), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("municipality", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("coach_user_id", sa.Integer(), nullable=True),
        sa.Column("coach_name", sa.String(length=120), nullable=True),
        sa.Column("end_reason", sa.String(length=10), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("coach_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_live_chats_case_id_cases"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["coach_user_id"],
            ["users.id"],
            name=op.f("fk_live_chats_coach_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_chats")),
    )
    for column in ("conversation_id", "case_id", "team", "status", "coach_user_id"):
        op.create_index(op.f(f"ix_live_chats_{column}"), "live_chats", [column])
    op.create_index(
        "uq_live_chats_open",
        "live_chats",
        ["conversation_id"],
        unique=True,
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_table(
        "live_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["live_chats.id"],
            name=op.f("fk_live_messages_chat_id_live_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_messages")),
    )
    op.create_index(op.f("ix_live_messages_chat_id"), "live_messages", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_live_messages_chat_id"), table_name="live_messages")
    op.drop_table("live_messages")
    op.drop_index("uq_live_chats_open", table_name="live_chats")
    for column in ("conversation_id", "case_id", "team", "status", "coach_user_id"):
        op.drop_index(op.f(f"ix_live_chats_{column}"), table_name="live_chats")
    op.drop_table("live_chats")
    op.drop_table("coach_presence")
