"""The person who owns cases and verified contacts; tentative self-bookings (held until the
contact is verified with a one-time code).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("public_id", name=op.f("uq_people_public_id")),
    )
    op.create_table(
        "person_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=5), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_contacts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_contacts")),
        sa.UniqueConstraint("value", name=op.f("uq_person_contacts_value")),
    )
    op.create_index(op.f("ix_person_contacts_person_id"), "person_contacts", ["person_id"])
    # Plain ADD COLUMN on "cases" and "meetings", not a batch copy: on SQLite a batch
    # rebuild drops the old table, and with foreign keys on that deletes every row that
    # cascades from it (mapping summaries, the person's messages; see 0009).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE cases ADD COLUMN person_id INTEGER CONSTRAINT "
            "fk_cases_person_id_people REFERENCES people (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("cases", sa.Column("person_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_cases_person_id_people"),
            "cases",
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index(op.f("ix_cases_person_id"), "cases", ["person_id"])
    op.add_column("meetings", sa.Column("hold_until", sa.DateTime(timezone=True)))
    op.add_column("meetings", sa.Column("confirmed_at", sa.DateTime(timezone=True)))
    op.add_column("meetings", sa.Column("booked_from", sa.String(length=16)))
    op.create_index(op.f("ix_meetings_hold_until"), "meetings", ["hold_until"])
    op.create_index(op.f("ix_meetings_booked_from"), "meetings", ["booked_from"])
    # what was booked before holds existed was confirmed when it was booked
    op.execute("UPDATE meetings SET confirmed_at = created_at WHERE status = 'booked'")
    with op.batch_alter_table("person_messages") as batch:
        # a one-time code to a person's verified contact belongs to no meeting
        batch.alter_column("meeting_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_person_messages_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("verification_codes") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("booked_from", sa.String(length=16), nullable=True))
        batch.create_foreign_key(
            op.f("fk_verification_codes_meeting_id_meetings"),
            "meetings",
            ["meeting_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_verification_codes_booked_from"), ["booked_from"])


def downgrade() -> None:
    # below 0014 there are no holds: a released one is a cancelled booking, and one still
    # waiting for its code was never confirmed
    op.execute("UPDATE meetings SET status = 'cancelled' WHERE status = 'released'")
    op.execute(
        "UPDATE meetings SET status = 'cancelled', cancelled_at = created_at, "
        "self_booking_case_id = NULL "
        "WHERE status = 'booked' AND hold_until IS NOT NULL AND confirmed_at IS NULL"
    )
    with op.batch_alter_table("verification_codes") as batch:
        batch.drop_index(op.f("ix_verification_codes_booked_from"))
        batch.drop_constraint(op.f("fk_verification_codes_meeting_id_meetings"), type_="foreignkey")
        batch.drop_column("booked_from")
        batch.drop_column("meeting_id")
    op.execute("DELETE FROM person_messages WHERE meeting_id IS NULL")
    with op.batch_alter_table("person_messages") as batch:
        batch.drop_constraint(op.f("fk_person_messages_person_id_people"), type_="foreignkey")
        batch.drop_column("person_id")
        batch.alter_column("meeting_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index(op.f("ix_meetings_booked_from"), table_name="meetings")
    op.drop_index(op.f("ix_meetings_hold_until"), table_name="meetings")
    op.drop_index(op.f("ix_cases_person_id"), table_name="cases")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite 3.35+ drops a plain column in place (a batch copy would cascade, above)
        for table, column in (
            ("meetings", "booked_from"),
            ("meetings", "confirmed_at"),
            ("meetings", "hold_until"),
        ):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        # SQLite cannot drop a column with a foreign key in place: as in 0009, the batch
        # copy rebuilds "cases", which with foreign keys on deletes the summaries and notes
        # of every case. Back a SQLite database with data up before going below this.
        with op.batch_alter_table("cases") as batch:
            batch.drop_column("person_id")
    else:
        for column in ("booked_from", "confirmed_at", "hold_until"):
            op.drop_column("meetings", column)
        op.drop_constraint(op.f("fk_cases_person_id_people"), "cases", type_="foreignkey")
        op.drop_column("cases", "person_id")
    op.drop_index(op.f("ix_person_contacts_person_id"), table_name="person_contacts")
    op.drop_table("person_contacts")
    op.drop_table("people")
