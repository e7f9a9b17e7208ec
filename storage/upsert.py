"""Dialect upserts: the INSERT that has `on_conflict_do_nothing/update` for the
session's database."""

from __future__ import annotations

from sqlalchemy.orm import Session


def dialect_insert(session: Session, model):
    """The dialect's INSERT for `model`, so dedup is a constraint, not a prior SELECT."""
    dialect = session.get_bind().dialect.name
    # imported by name: the engine has loaded its own dialect, and only that one
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"unsupported database dialect: {dialect}")
    return insert(model)
