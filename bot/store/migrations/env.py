"""Alembic environment. The bot hands in its connection (`bot.store.migrate`); from the
command line (`alembic upgrade head` in the repository root) the database is DATABASE_URL, read
as the bot reads it."""
from alembic import context
from sqlalchemy import create_engine

from bot.store.models import Base


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from bot.settings import BotSettings

    engine = create_engine(BotSettings.from_env().database_url)
    with engine.begin() as command_line_connection:
        _run(command_line_connection)
