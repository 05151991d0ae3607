"""The database's tables, described once, in SQLAlchemy Core.

Every schema change is an Alembic migration in ``migrations/versions``; these tables describe
the newest schema. Reading (the profile, the history, the progress) queries them directly;
writing goes through the classes of ``models.py``, mapped onto the same tables. Core alone
loads in a fraction of the time the ORM takes, and every command reads the profile.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _runner_id(index: bool = False) -> Column[int]:
    return Column(
        "runner_id",
        ForeignKey("runners.id", ondelete="CASCADE"),
        nullable=False,
        index=index,
    )


def _stamp(name: str, on_update: bool = False) -> Column[object]:
    return Column(
        name,
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
        onupdate=func.now() if on_update else None,
    )


runners = Table(
    "runners",
    metadata,
    _id(),
    Column("name", String(200)),
    Column("lthr", Float),
    Column("max_hr", Float),
    Column("rest_hr", Float),
    Column("units", String(8)),
    Column("level", String(20)),
    Column("weekly_km", Float),
    Column("speed_day", String(3)),
    Column("days_available", String(40), doc="Comma-separated weekday keys, ``tue,thu,sat``."),
    _stamp("updated_at", on_update=True),
)
"""A runner and what the coach knows of them (one runner for the command line)."""

races = Table(
    "races",
    metadata,
    _id(),
    _runner_id(index=True),
    Column("label", String(40), nullable=False),
    Column("metres", Float, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("run_on", Date),
)
"""A race or time trial of a runner's."""

plans = Table(
    "plans",
    metadata,
    _id(),
    _runner_id(index=True),
    Column("current", Boolean, nullable=False),
    _stamp("created_at"),
)
"""A plan of a runner's; the current one is what ``today`` and ``next`` read."""

plan_versions = Table(
    "plan_versions",
    metadata,
    _id(),
    Column("plan_id", ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column(
        "document",
        Text,
        nullable=False,
        doc="The plan as ``speedplay plan --json`` writes it, targets unresolved.",
    ),
    _stamp("created_at"),
    UniqueConstraint("plan_id", "version"),
)
"""One version of a plan: the whole plan document, and why this version was made."""

planned_sessions = Table(
    "planned_sessions",
    metadata,
    _id(),
    Column("plan_version_id", ForeignKey("plan_versions.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("family", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column(
        "workout",
        Text,
        nullable=False,
        doc="The workout as JSON (``formats.workout_json``), targets unresolved.",
    ),
    Column("why", Text, nullable=False),
    Index("ix_planned_sessions_version_day", "plan_version_id", "day"),
)
"""A session of a plan version, on its day."""

activities = Table(
    "activities",
    metadata,
    _id(),
    _runner_id(),
    Column(
        "content_hash",
        String(64),
        nullable=False,
        doc="SHA-256 of the decompressed file: the same run loose, gzipped or zipped is one row.",
    ),
    Column(
        "source",
        Text,
        nullable=False,
        doc="Where the file was read: a path, ``archive.zip!activities/123.fit.gz``.",
    ),
    Column(
        "status",
        String(10),
        nullable=False,
        doc="``run``, ``skipped`` (not a run), ``failed`` (unreadable; ``message`` says why) or "
        "``duplicate`` (the same run as a richer file's; ``message`` names it).",
    ),
    Column("message", Text),
    Column("start_time", DateTime(timezone=True)),
    Column("sport", String(40)),
    Column("device", String(100)),
    Column("elapsed_s", Float),
    Column("distance_m", Float),
    Column(
        "richness",
        Integer,
        doc="How much the file carries: channels and laps first, then the format (see import).",
    ),
    _stamp("imported_at"),
    UniqueConstraint("runner_id", "content_hash"),
    Index("ix_activities_runner_start", "runner_id", "start_time"),
)
"""An imported file: what it held, or why it was skipped or refused. Indexed by runner and
start, for the one query an import makes per file (is this run stored already?)."""

analyses = Table(
    "analyses",
    metadata,
    _id(),
    Column(
        "activity_id",
        ForeignKey("activities.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    _runner_id(),
    Column("run_on", Date, nullable=False),
    Column("plan_id", ForeignKey("plans.id", ondelete="SET NULL")),
    Column("planned_on", Date),
    Column("matched", Boolean, nullable=False),
    Column("compliance", Float),
    Column("reps", Integer, nullable=False),
    Column("moving_s", Float, nullable=False),
    Column("distance_m", Float, nullable=False),
    Column("trimp", Float),
    Column("rtss", Float),
    Column(
        "document",
        Text,
        nullable=False,
        doc="The analysis as ``speedplay analyze --json`` writes it.",
    ),
    Column("work_s", Float, doc="Seconds of hard running (the reps' moving time)."),
    Column("work_m", Float, doc="Metres of hard running (the reps' distance)."),
    Column("family", String(20), doc="The family of the planned session it was scored against."),
    Column(
        "series",
        Text,
        doc="The run every few seconds for its chart (JSON: time, speed, effort speed, heart "
        "rate, altitude); none for runs stored before it was kept.",
    ),
    Index("ix_analyses_runner_run_on", "runner_id", "run_on"),
)
"""A run's analysis: against the planned session it was scored with (``plan_id`` and
``planned_on``; a plan has at most one session a day, so the day names it across the plan's
versions), or alone. ``matched`` marks the run that counts as that session when several were
scored against it."""

session_logs = Table(
    "session_logs",
    metadata,
    _id(),
    _runner_id(),
    Column("day", Date, nullable=False),
    Column("rpe", Float),
    Column("note", Text),
    Column("skipped", String(20)),
    _stamp("logged_at", on_update=True),
    UniqueConstraint("runner_id", "day"),
)
"""What the runner said of a day's session: how hard it felt (session RPE, 1-10), a note, or
why it was skipped (``ill``, ``injured``, ``no-time``)."""

best_efforts = Table(
    "best_efforts",
    metadata,
    _id(),
    Column(
        "analysis_id",
        ForeignKey("analyses.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    _runner_id(),
    Column("run_on", Date, nullable=False),
    Column("label", String(10), nullable=False),
    Column("metres", Float, nullable=False),
    Column("seconds", Float, nullable=False),
    Index("ix_best_efforts_runner_label", "runner_id", "label"),
)
"""The fastest stretch of a run for a distance (``1k``, ``mile``, ``3k``, ``5k``) or a duration
(``20min``, ``30min``)."""

accounts = Table(
    "accounts",
    metadata,
    _id(),
    Column("email", String(254), nullable=False, unique=True, doc="Stored lower-cased."),
    Column("password_hash", String(200), nullable=False, doc="An argon2id hash (PHC string)."),
    Column(
        "runner_id",
        ForeignKey("runners.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
        doc="The runner this account is: each account coaches its own runner.",
    ),
    _stamp("created_at"),
    Column(
        "feed_token_hash",
        String(64),
        doc="SHA-256 of the secret in the runner's calendar feed address; none when off.",
    ),
    Column(
        "api_token_hash",
        String(64),
        doc="SHA-256 of the account's token for the JSON API; none when it has none.",
    ),
    UniqueConstraint("feed_token_hash", name="uq_accounts_feed_token_hash"),
    UniqueConstraint("api_token_hash", name="uq_accounts_api_token_hash"),
)
"""A sign-in of the web app, for one runner."""

web_sessions = Table(
    "web_sessions",
    metadata,
    _id(),
    Column(
        "token_hash",
        String(64),
        nullable=False,
        unique=True,
        doc="SHA-256 of the cookie's token: a stolen database opens no session.",
    ),
    Column("account_id", ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    _stamp("created_at"),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
"""A signed-in browser: created at sign-in, gone at sign-out, a password change or expiry."""

web_settings = Table(
    "web_settings",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
"""The web app's own settings, shared by every server process on the database (the key that
signs the forms' CSRF tokens)."""

coach_links = Table(
    "coach_links",
    metadata,
    _id(),
    Column("coach_id", ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("athlete_id", ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    _stamp("created_at"),
    UniqueConstraint("coach_id", "athlete_id"),
)
"""An athlete who accepted a coach's invitation: the coach sees and edits their plan."""

invitations = Table(
    "invitations",
    metadata,
    _id(),
    Column("coach_id", ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column(
        "token_hash",
        String(64),
        nullable=False,
        unique=True,
        doc="SHA-256 of the secret in the invitation's address.",
    ),
    _stamp("created_at"),
)
"""An invitation a coach made, until an athlete accepts it (then it is gone)."""

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    _id(),
    Column("key", String(300), nullable=False, doc="``account:EMAIL`` or ``client:ADDRESS``."),
    Column("at", Float, nullable=False, doc="Seconds since the epoch."),
    Index("ix_sign_in_failures_key_at", "key", "at"),
)
"""Failed sign-ins of the last minutes, which every server process counts (the sign-in
limit); older ones are removed as new ones come."""
