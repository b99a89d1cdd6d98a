"""Alembic environment: always run on the connection SipDesk opened (the key is already set)."""

from __future__ import annotations

from alembic import context

from sipdesk.model.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
