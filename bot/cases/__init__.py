"""The case database: SQLAlchemy models, repositories and Alembic migrations."""
