"""One PostgreSQL database per service: event store and read-model tables share a scoped session,
so that a command's events and its read-model rows commit in one transaction.

Connections are in autocommit mode outside `transaction()`: a read is one round trip (no BEGIN /
ROLLBACK around it), and every write path opens a real transaction through `transaction()`."""
import contextlib

import psycopg2
import sqlalchemy as sa
from sqlalchemy.orm import scoped_session, sessionmaker

from . import config

_session = None  # the process's scoped session (one service per process)
TRANSACTIONAL = "READ COMMITTED"
PLATFORM = sa.MetaData()  # tables every service has: outbox position, applied events


def current_session():
    """Named by SQLALCHEMY_SCOPED_SESSION_TOPIC: the event store uses the read model's session."""
    return _session


def create_database_if_missing(service):
    url = sa.engine.make_url(config.database_url(service))
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                    {"n": url.database}).scalar()
        if not exists:
            with contextlib.suppress(sa.exc.ProgrammingError, sa.exc.IntegrityError):  # made meanwhile by a twin
                connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def open_database(service, metadata, open_event_store):
    """Create the database and read-model tables if needed; install the process's scoped session;
    answer the event store `open_event_store()` opens (creating its tables, under the same lock)."""
    global _session
    create_database_if_missing(service)
    engine = sa.create_engine(config.database_url(service), pool_size=config.pool_size(service),
                              max_overflow=config.DB_MAX_OVERFLOW, pool_timeout=config.DB_POOL_TIMEOUT,
                              isolation_level="AUTOCOMMIT",
                              pool_recycle=3600)
    with engine.connect().execution_options(isolation_level=TRANSACTIONAL) as connection, \
            connection.begin():
        # two instances starting together must not both create the same tables
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))
        PLATFORM.create_all(connection)
        metadata.create_all(connection)
    _session = scoped_session(sessionmaker(bind=engine, expire_on_commit=False))
    with engine.connect() as connection:  # the event store's tables: created once, under the same lock
        connection.execute(sa.text("SELECT pg_advisory_lock(4242)"))
        try:
            return open_event_store()
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(4242)"))


def release(session):
    """Give the connection of the reads so far back to the pool before a slow step outside the
    database (a bcrypt hash: a quarter of a second), so that it keeps no other request waiting."""
    if not session.info.get("transaction_open"):
        session.commit()


@contextlib.contextmanager
def transaction(session, isolation=TRANSACTIONAL):
    """Commit what the block wrote (events and rows) or roll all of it back.

    The connection stays in autocommit mode: the transaction is opened and ended by SQL statements
    of ours, so that a command's last statements and its COMMIT can share one round trip
    (shared.eventstore.commit_with_events) and no isolation level is switched on the pooled
    connection. Nothing else in the block may commit or roll back the session."""
    session.commit()  # release a connection used for autocommit reads: the transaction starts here
    try:
        session.connection().exec_driver_sql(f"BEGIN ISOLATION LEVEL {isolation}")
        session.info["transaction_open"] = True
        yield session
        if session.info.pop("transaction_open"):  # else committed with the block's last statements
            session.connection().exec_driver_sql("COMMIT")
    except BaseException:
        abort(session)
        raise
    finally:
        session.commit()  # the connection goes back to the pool, outside any transaction


def abort(session):
    """Roll back the open transaction. A connection that cannot say ROLLBACK is dropped: it never
    goes back to the pool with a transaction open."""
    if session.info.pop("transaction_open", False):
        try:
            session.connection().exec_driver_sql("ROLLBACK")
        except Exception:
            with contextlib.suppress(Exception):
                session.connection().invalidate()
    session.rollback()


@contextlib.contextmanager
def exclusive(name):
    """Mutual exclusion across processes (twins of a service starting together) around whole
    transactions: a session-level advisory lock on a connection of its own, taken before any
    transaction snapshot is."""
    with _session.bind.connect() as connection:  # autocommit: the lock outlives statements
        connection.execute(sa.text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": name})
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})


# connection exceptions, the server shutting down or ending the backend, too many clients
UNAVAILABLE_CODES = ("08", "57P01", "57P02", "57P03", "53300")


def is_unavailable(error):
    """Whether `error` (or what caused it) means the database is out of reach rather than that the
    statement was wrong: a connection lost (a restart, a failover, `pg_terminate_backend`), none
    to be had from the pool in time, or the server refusing more clients."""
    while error is not None:
        if isinstance(error, sa.exc.TimeoutError):  # the pool's: no connection came free
            return True
        if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, (psycopg2.OperationalError, psycopg2.InterfaceError)):
            code = error.pgcode
            return code is None or code.startswith(UNAVAILABLE_CODES)  # else a conflict, a timeout…
        error = error.__cause__ or getattr(error, "orig", None)
    return False


def reset(session):
    """Forget whatever state the session was left in by a failure (a transaction to roll back, a
    dead connection): the loops that outlive a request (relay, catch-up) start afresh with it."""
    with contextlib.suppress(Exception):
        abort(session)
    with contextlib.suppress(Exception):
        session.close()
