"""The coach's memory: one database (SQLite by default, PostgreSQL by URL) behind SQLAlchemy.

``location.py`` says where the database is; ``database.py`` opens and migrates it;
``models.py`` declares its tables; ``profiles.py`` reads and writes the runner's profile;
``activities.py``, ``plans.py``, ``logs.py`` and ``history.py`` the rest of the coach's memory.
Nothing above this package sees SQL.
"""
