"""The only code that speaks SQL. Repositories take a ``Database`` and return model objects."""

from facilitator.store.database import Database, memory, open_database

__all__ = ["Database", "memory", "open_database"]
