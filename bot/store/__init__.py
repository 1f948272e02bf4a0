"""The bot's state in a SQL database (SQLite by default, PostgreSQL in production)."""
from bot.store.models import Base
from bot.store.repository import Store

__all__ = ["Base", "Store"]
