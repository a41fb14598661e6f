"""Mapping summaries: the kartläggning draft and the confirmed summary of a case.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mapping_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("own_words", sa.JSON(), nullable=False),
        sa.Column("eligibility", sa.String(length=20), nullable=True),
        sa.Column("eligibility_reasons", sa.JSON(), nullable=False),
        sa.Column("service_path", sa.String(length=30), nullable=True),
        sa.Column("path_reasons", sa.JSON(), nullable=False),
        sa.Column("customer_groups", sa.JSON(), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("text_sv", sa.Text(), nullable=True),
        sa.Column("text_fi", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_mapping_summaries_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mapping_summaries")),
        sa.UniqueConstraint("public_id", name=op.f("uq_mapping_summaries_public_id")),
    )
    op.create_index(
        op.f("ix_mapping_summaries_case_id"), "mapping_summaries", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_mapping_summaries_case_id"), table_name="mapping_summaries")
    op.drop_table("mapping_summaries")
