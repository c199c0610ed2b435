"""Big list answers kept between requests, keyed by PostgreSQL's snapshot.

A query's result is fully determined by the statement, its parameters and the snapshot it reads
(MVCC). `pg_current_snapshot()` changes as soon as any transaction commits, and a snapshot never
comes back, so an answer found under the current snapshot is exactly what running the statement
again would return: no invalidation to get right, whatever wrote the rows (commands, replicas).
The statement runs after the snapshot is read, so what is kept is never older than its key.
Within a transaction the snapshot does not show the transaction's own writes: no answer is kept
or reused there.
"""
import cachetools
import sqlalchemy as sa

from . import config

SNAPSHOT = sa.select(sa.func.pg_current_snapshot().cast(sa.Text))


def size(answer):
    """Roughly the bytes of an answer: its strings (a row, a list of serialized rows, a sheet's
    lines of cells)."""
    if isinstance(answer, list):
        return 1 + sum(size(item) for item in answer)
    if isinstance(answer, str):
        return 1 + len(answer)
    if isinstance(answer, dict):
        return 1 + sum(len(value) for value in answer.values() if isinstance(value, str))
    return 1


ANSWERS = cachetools.LRUCache(maxsize=config.ANSWER_CACHE_MB * 2**20, getsizeof=size)


def kept(session, statement, build, *context):
    """`build(session, statement)`, kept for as long as no transaction commits (an LRU bounded by
    ANSWER_CACHE_MB per process). `context` (hashable) names the build and whatever else the
    answer depends on. Callers must not change what they are given: it is shared."""
    cache_key = statement._generate_cache_key()  # None when SQLAlchemy can't key the statement
    if cache_key is None or session.info.get("transaction_open"):
        return build(session, statement)
    key = (session.execute(SNAPSHOT).scalar(), cache_key.key,
           repr([bind.effective_value for bind in cache_key.bindparams]), context)
    try:
        return ANSWERS[key]
    except KeyError:
        answer = ANSWERS[key] = build(session, statement)
        return answer


def first_row(session, statement):
    """The first row of `statement` as a dict (None when there is none), kept (see `kept`)."""
    return kept(session, statement, run, "first row")


def run(session, statement):
    row = session.execute(statement).mappings().first()
    return dict(row) if row is not None else None
