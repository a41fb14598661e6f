"""One self-booked upcoming meeting per case, who booked, and a calendar sequence.

``self_booking_case_id`` holds the case id of the one meeting a person booked themselves
and has not yet had (NULL for coach bookings, callbacks, cancelled and past meetings); a
unique index on it makes a second self-booked meeting for one case impossible, whatever the
application does. ``sequence`` counts moves of a meeting (the .ics SEQUENCE).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("self_booking_case_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("booked_by", sa.String(length=10), nullable=False, server_default="person")
        )
        batch.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
        batch.create_foreign_key(
            op.f("fk_meetings_self_booking_case_id_cases"),
            "cases",
            ["self_booking_case_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_unique_constraint(
            op.f("uq_meetings_self_booking_case_id"), ["self_booking_case_id"]
        )
    # The newest upcoming booked meeting of each case becomes its self-booking.
    op.execute(
        """
        UPDATE meetings SET self_booking_case_id = case_id
        WHERE status = 'booked' AND case_id IS NOT NULL AND start_at >= CURRENT_TIMESTAMP
          AND id = (SELECT MAX(m2.id) FROM meetings m2
                    WHERE m2.case_id = meetings.case_id AND m2.status = 'booked'
                      AND m2.start_at >= CURRENT_TIMESTAMP)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.drop_constraint(op.f("uq_meetings_self_booking_case_id"), type_="unique")
        batch.drop_constraint(op.f("fk_meetings_self_booking_case_id_cases"), type_="foreignkey")
        batch.drop_column("sequence")
        batch.drop_column("booked_by")
        batch.drop_column("self_booking_case_id")
