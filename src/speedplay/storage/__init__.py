"""The coach's memory: one database (SQLite by default, PostgreSQL by URL) behind SQLAlchemy.

``database.py`` finds, opens and migrates the database; ``models.py`` declares its tables;
``profiles.py`` reads and writes the runner's profile. Nothing above this package sees SQL.
"""
