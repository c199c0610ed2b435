"""Local replicas of other services' data, fed by their `row.<table>` events (a service never reads
another's database). Persons are replicated everywhere: who may act, with which role, in which
departments, and how to show them."""
import functools

import orjson
import sqlalchemy as sa
from psycopg2.extras import Json, execute_values
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from . import db
from .consumer import subscribe
from .serialization import isoformat

# what media publishes of its files in `row.preview_file` / `row.attachment_file` (besides their
# comment), and what a comment shows of them (the tasks service keeps a copy)
PREVIEW_SUMMARY = ("task_id", "revision", "extension", "width", "height", "duration", "status",
                   "validation_status", "original_name", "position", "annotations")
ATTACHMENT_SUMMARY = ("name", "extension", "reply_id", "size")
# what a non-admin may see of a person (Zou's minimal person dict)
MINIMAL_PERSON = ("id", "first_name", "last_name", "full_name", "has_avatar", "active",
                  "departments", "studio_id", "role", "desktop_login", "is_bot", "type")


def replica_table(name, metadata, *columns):
    """A local copy of another service's rows (only the columns this service needs; a column
    named `row` keeps the whole row as JSON, for answers that show it)."""
    return sa.Table(name, metadata, sa.Column("id", UUID(as_uuid=False), primary_key=True),
                    *columns, sa.Column("replica_position", sa.BigInteger, nullable=False),
                    sa.Column("replica_deleted", sa.Boolean, nullable=False, default=False))


def apply_rows(session, table, envelopes):
    """Upsert from `row.<table>` events (whole rows), one statement per shape of row: the newest
    event of each row wins, here and against what the table holds; deletions leave a tombstone
    so that an older event applied late cannot resurrect the row."""
    newest = {}
    for envelope in envelopes:
        known = newest.get(envelope["data"]["id"])
        if known is None or envelope["position"] > known["position"]:
            newest[envelope["data"]["id"]] = envelope
    shapes = {}  # columns -> rows of values
    for envelope in newest.values():
        values = row_values(table, envelope)
        shapes.setdefault(tuple(values), []).append(values)
    cursor = session.connection().connection.cursor()  # the command's transaction
    for columns, rows in shapes.items():
        statement, template = upsert(table, columns)
        execute_values(cursor, statement, [[row[name] for name in columns] for row in rows],
                       template=template, page_size=len(rows))


def row_values(table, envelope):
    """{column: value as the driver takes it} of a row event (JSON columns wrapped)."""
    data, position = envelope["data"], envelope["position"]
    row = data["row"] or {}
    values = {c.name: row[c.name] for c in table.columns if c.name in row}
    if "row" in table.c:
        values["row"] = data["row"]
    values.update(id=data["id"], replica_position=position, replica_deleted=data["row"] is None)
    for name, value in values.items():
        column_type = table.c[name].type
        if isinstance(column_type, sa.JSON) and not (value is None and column_type.none_as_null):
            values[name] = Json(value, dumps=json_text)
    return values


def json_text(value):
    return orjson.dumps(value).decode()


class Replication:
    """Applies `row.<table>` events to a service's replicas ({source table: local table})."""

    def __init__(self, replicas):
        self.replicas = replicas

    def rows(self, source_table, envelopes):
        apply_rows(db.current_session(), self.replicas[source_table], envelopes)


def replica_of(source, table):
    """The event handler of a service class keeping the local copy of `source`'s `table` (its
    `row.<table>` events), through its platform's `replication` (a Replication)."""
    @subscribe(source, f"row.{table}")
    def on_rows(self, envelopes):
        self.platform.replication.rows(table, envelopes)
    return on_rows


@functools.lru_cache(maxsize=256)
def upsert(table, columns):
    """(statement, template) of the upsert of rows of these columns, for psycopg2's
    execute_values, built once."""
    dialect = postgresql.dialect()
    quoted = [dialect.identifier_preparer.quote(name) for name in columns]  # e.g. "row"
    template = "(" + ", ".join(f"CAST(%s AS {table.c[name].type.compile(dialect)})" for name in columns) + ")"
    updates = ", ".join(f"{name} = excluded.{name}" for name in quoted if name != "id")
    return (f"INSERT INTO {table.name} ({', '.join(quoted)}) VALUES %s ON CONFLICT (id) DO UPDATE SET {updates} "
            f"WHERE {table.name}.replica_position < excluded.replica_position"), template


def person_replica(metadata):
    """auth's persons (fed by `row.person`; the secrets never leave auth)."""
    return replica_table(
        "person_replica", metadata,
        *[sa.Column(name, sa.String) for name in ("first_name", "last_name", "email", "role",
                                                   "desktop_login")],
        sa.Column("active", sa.Boolean), sa.Column("is_bot", sa.Boolean),
        sa.Column("departments", ARRAY(UUID(as_uuid=False))),
        sa.Column("studio_id", UUID(as_uuid=False)), sa.Column("row", JSONB))


def person_dict(replica_row, minimal=False):
    """The person as auth answers it to an admin (or the minimal dict shown to others)."""
    person = dict(replica_row["row"] or {})
    person.update(full_name=f"{person.get('first_name') or ''} {person.get('last_name') or ''}".strip(),
                  type="Person", created_at=isoformat_text(person.get("created_at")),
                  updated_at=isoformat_text(person.get("updated_at")))
    if minimal:
        return {key: person.get(key) for key in MINIMAL_PERSON}
    return person


def isoformat_text(value):
    """Row events carry times to the microsecond; answers show seconds, as Zou."""
    return value[:19] if isinstance(value, str) else isoformat(value)
