"""Coaches, their working hours and absences, and meetings (no double booking).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("office", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("municipality", sa.String(length=3), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("video_url", sa.String(length=500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaches")),
        sa.UniqueConstraint("public_id", name=op.f("uq_coaches_public_id")),
    )
    op.create_table(
        "coach_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["coaches.id"],
            name=op.f("fk_coach_hours_coach_id_coaches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_hours")),
    )
    op.create_index(op.f("ix_coach_hours_coach_id"), "coach_hours", ["coach_id"])
    op.create_table(
        "coach_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["coaches.id"],
            name=op.f("fk_coach_absences_coach_id_coaches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_absences")),
    )
    op.create_index(op.f("ix_coach_absences_coach_id"), "coach_absences", ["coach_id"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("short_first_meeting", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=80), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meetings_case_id_cases"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["coaches.id"],
            name=op.f("fk_meetings_coach_id_coaches"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("reference", name=op.f("uq_meetings_reference")),
        sa.UniqueConstraint("token", name=op.f("uq_meetings_token")),
    )
    op.create_index(op.f("ix_meetings_case_id"), "meetings", ["case_id"])
    op.create_index(op.f("ix_meetings_coach_id"), "meetings", ["coach_id"])
    # The database itself refuses a second booked meeting in one coach's slot.
    op.create_index(
        "uq_meetings_coach_slot_booked",
        "meetings",
        ["coach_id", "start_at"],
        unique=True,
        postgresql_where=sa.text("status = 'booked'"),
        sqlite_where=sa.text("status = 'booked'"),
    )


def downgrade() -> None:
    op.drop_index("uq_meetings_coach_slot_booked", table_name="meetings")
    op.drop_index(op.f("ix_meetings_coach_id"), table_name="meetings")
    op.drop_index(op.f("ix_meetings_case_id"), table_name="meetings")
    op.drop_table("meetings")
    op.drop_index(op.f("ix_coach_absences_coach_id"), table_name="coach_absences")
    op.drop_table("coach_absences")
    op.drop_index(op.f("ix_coach_hours_coach_id"), table_name="coach_hours")
    op.drop_table("coach_hours")
    op.drop_table("coaches")
