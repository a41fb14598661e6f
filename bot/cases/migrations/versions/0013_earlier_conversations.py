"""Conversations a case had before the person took it on in a new one (a later visit).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "earlier_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_earlier_conversations_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_earlier_conversations")),
    )
    for column in ("case_id", "conversation_id"):
        op.create_index(
            op.f(f"ix_earlier_conversations_{column}"), "earlier_conversations", [column]
        )


def downgrade() -> None:
    for column in ("case_id", "conversation_id"):
        op.drop_index(
            op.f(f"ix_earlier_conversations_{column}"), table_name="earlier_conversations"
        )
    op.drop_table("earlier_conversations")
