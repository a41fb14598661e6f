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

import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch copy of the table: on SQLite a batch rebuild drops the
    # old "cases" table, and with foreign keys on that deletes every mapping summary and
    # unlinks every meeting (ON DELETE CASCADE / SET NULL).
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its foreign key in place (alembic would need a batch)
        op.execute(
            "ALTER TABLE cases ADD COLUMN own_coach_id INTEGER CONSTRAINT "
            "fk_cases_own_coach_id_coaches REFERENCES coaches (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("cases", sa.Column("own_coach_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_cases_own_coach_id_coaches"),
            "cases",
            "coaches",
            ["own_coach_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index(op.f("ix_cases_own_coach_id"), "cases", ["own_coach_id"])
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
    _queue_what_waits_already()


def _queue_what_waits_already() -> None:
    """Open callback requests and confirmed mappings without an upcoming meeting, made
    before this revision, get their queue items (else no coach would see them)."""
    from bot.rules import teams

    bind = op.get_bind()
    known = teams.load()
    now = datetime.now(timezone.utc)

    def profile(case_id: int) -> tuple[str | None, list[str], str | None]:
        row = bind.execute(
            sa.text(
                "SELECT data, customer_groups FROM mapping_summaries WHERE case_id = :c "
                "AND status = 'confirmed' ORDER BY id DESC LIMIT 1"
            ),
            {"c": case_id},
        ).first()
        if row is None:
            return None, [], None
        data, groups = (json.loads(v) if isinstance(v, str) else (v or {}) for v in row)
        return data.get("municipality"), list(groups or []), data.get("age_group")

    def add(case_id: int, kind: str, ref: str, meeting_id: int | None, language: str) -> None:
        home, groups, age = profile(case_id)
        bind.execute(
            sa.text(
                "INSERT INTO work_items (case_id, kind, ref, meeting_id, team, language, "
                "municipality, customer_groups, age_band, status, status_at, created_at) "
                "VALUES (:case_id, :kind, :ref, :meeting_id, :team, :language, :home, "
                ":groups, :age, 'new', :now, :now)"
            ),
            {
                "case_id": case_id,
                "kind": kind,
                "ref": ref,
                "meeting_id": meeting_id,
                "team": known.of_home(home),
                "language": language,
                "home": home,
                "groups": json.dumps(groups),
                "age": age,
                "now": now,
            },
        )

    callbacks = bind.execute(
        sa.text(
            "SELECT id, case_id, language FROM meetings "
            "WHERE status = 'callback_requested' AND case_id IS NOT NULL"
        )
    ).all()
    for meeting_id, case_id, language in callbacks:
        add(case_id, "callback", f"callback:{meeting_id}", meeting_id, language)
    mapped = bind.execute(
        sa.text(
            "SELECT c.id, c.language FROM cases c WHERE EXISTS (SELECT 1 FROM mapping_summaries "
            "s WHERE s.case_id = c.id AND s.status = 'confirmed') AND NOT EXISTS (SELECT 1 "
            "FROM meetings m WHERE m.case_id = c.id AND m.status = 'booked' AND m.start_at >= :now)"
        ),
        {"now": now},
    ).all()
    for case_id, language in mapped:
        add(case_id, "mapping", "mapping", None, language)


def downgrade() -> None:
    # SQLite cannot drop a column with a foreign key in place: the batch copy below rebuilds
    # "cases", which with foreign keys on deletes the summaries and notes of every case.
    # Back a SQLite database with data up before going below this revision.
    op.drop_table("notifications")
    op.drop_table("work_items")
    op.drop_index(op.f("ix_cases_own_coach_id"), table_name="cases")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("cases") as batch:  # the column's constraint goes with it
            batch.drop_column("own_coach_id")
    else:
        op.drop_constraint(op.f("fk_cases_own_coach_id_coaches"), "cases", type_="foreignkey")
        op.drop_column("cases", "own_coach_id")
