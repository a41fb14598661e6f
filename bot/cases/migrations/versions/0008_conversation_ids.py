"""Conversation ids apart from the chat session secret.

``chat_sessions.conversation_id`` is the Rasa sender id of a session, an HMAC of its secret
(bot/cases/chat_sessions.py). Sessions issued before keep NULL: their sender id was the
secret, and the chat proxy moves each to its derived id on its next request.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_sessions") as batch:
        batch.add_column(sa.Column("conversation_id", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_chat_sessions_conversation_id"), ["conversation_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("chat_sessions") as batch:
        batch.drop_constraint(op.f("uq_chat_sessions_conversation_id"), type_="unique")
        batch.drop_column("conversation_id")
