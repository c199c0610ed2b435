"""Vacuum and analyze the service's busy tables when PostgreSQL's autovacuum is off.

Some servers run with `autovacuum = off` (the machines this project is benchmarked on do). Without
it, tables updated in place (tasks, time spents…) pile up dead row versions that every read walks
through, and the planner never learns table sizes: a status change ran 30 % slower after a few
thousand writes. Where autovacuum is on, this does nothing. The thresholds are autovacuum's defaults.
"""
import logging

import eventlet
import sqlalchemy as sa

log = logging.getLogger(__name__)

INTERVAL = 10  # seconds between looks (autovacuum's own default is a minute)

AUTOVACUUM_IS_ON = sa.text("SELECT current_setting('autovacuum')::bool")
# autovacuum's default thresholds: dead rows, rows inserted since the last vacuum (visibility map),
# rows changed since the last analyze, each against a base plus a share of the table's size
BUSY_TABLES = sa.text("""
    SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name
    FROM pg_stat_user_tables
    WHERE n_dead_tup > 50 + 0.2 * n_live_tup
       OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
       OR n_mod_since_analyze > 50 + 0.1 * n_live_tup
""")


def busy_tables(connection):
    if connection.execute(AUTOVACUUM_IS_ON).scalar():
        return []
    return connection.execute(BUSY_TABLES).scalars().all()


def vacuum_busy_tables(engine):
    """One pass. SKIP_LOCKED: a table a command holds locked is left for the next pass."""
    with engine.connect() as connection:  # the engine's connections are in autocommit mode
        for name in busy_tables(connection):
            connection.execute(sa.text(f"VACUUM (ANALYZE, SKIP_LOCKED) {name}"))


def run(engine):
    """The service's housekeeping green thread."""
    while True:
        eventlet.sleep(INTERVAL)
        try:
            vacuum_busy_tables(engine)
        except Exception:  # the database restarting: try again next time
            log.exception("housekeeping failed; retrying")
