"""Training catalog: providers, offers and a version counter for caches.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_sv", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("municipality", sa.String(length=3), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("slug", name=op.f("uq_providers_slug")),
    )
    op.create_table(
        "training_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("title_sv", sa.String(length=300), nullable=False),
        sa.Column("title_fi", sa.String(length=300), nullable=False),
        sa.Column("description_sv", sa.Text(), nullable=False),
        sa.Column("description_fi", sa.Text(), nullable=False),
        sa.Column("isced", sa.String(length=3), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("municipality", sa.String(length=3), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("application_deadline", sa.Date(), nullable=True),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("free", sa.Boolean(), nullable=False),
        sa.Column("price_eur", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_training_offers_provider_id_providers"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_offers")),
        sa.UniqueConstraint("external_id", name=op.f("uq_training_offers_external_id")),
    )
    op.create_index(
        op.f("ix_training_offers_provider_id"), "training_offers", ["provider_id"], unique=False
    )
    op.create_index(
        op.f("ix_training_offers_application_deadline"),
        "training_offers",
        ["application_deadline"],
        unique=False,
    )
    op.create_table(
        "catalog_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_version")),
    )
    op.execute("INSERT INTO catalog_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("catalog_version")
    op.drop_index(op.f("ix_training_offers_application_deadline"), table_name="training_offers")
    op.drop_index(op.f("ix_training_offers_provider_id"), table_name="training_offers")
    op.drop_table("training_offers")
    op.drop_table("providers")
