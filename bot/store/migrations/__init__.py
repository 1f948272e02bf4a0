"""Alembic migrations for the bot's store (`bot.store.migrate` runs them at start)."""
