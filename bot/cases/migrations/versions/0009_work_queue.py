"""The team work queue, a case's own egencoach, and the notification outbox.

``work_items``: what a person waits for (a confirmed mapping without a meeting, a callback
request, an unanswered live request), per team, with its status and who set it.
``cases.own_coach_id``: the person's own egencoach. ``notifications``: e-mails to coaches,
written with what caused them and sent by the outbox sender.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("own_coach_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_cases_own_coach_id_coaches"),
            "coaches",
            ["own_coach_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_cases_own_coach_id"), ["own_coach_id"])
    op.create_table(
        "work_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=3), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("municipality", sa.String(length=3), nullable=True),
        sa.Column("customer_groups", sa.JSON(), nullable=False),
        sa.Column("age_band", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("status_by", sa.Integer(), nullable=True),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_work_items_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_work_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["status_by"],
            ["users.id"],
            name=op.f("fk_work_items_status_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_items")),
        sa.UniqueConstraint("case_id", "ref", name=op.f("uq_work_items_case_id_ref")),
    )
    op.create_index(op.f("ix_work_items_case_id"), "work_items", ["case_id"])
    op.create_index(op.f("ix_work_items_meeting_id"), "work_items", ["meeting_id"])
    op.create_index(op.f("ix_work_items_team"), "work_items", ["team"])
    op.create_index(op.f("ix_work_items_status"), "work_items", ["status"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_next_attempt_at"), "notifications", ["next_attempt_at"])
    op.create_index(op.f("ix_notifications_sent_at"), "notifications", ["sent_at"])


def downgrade() -> None:
    op.drop_table("notifications")
    op.drop_table("work_items")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index(op.f("ix_cases_own_coach_id"))
        batch.drop_constraint(op.f("fk_cases_own_coach_id_coaches"), type_="foreignkey")
        batch.drop_column("own_coach_id")
