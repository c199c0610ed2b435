"""Local replicas of other services' data, fed by their `row.<table>` events (a service never reads
another's database). Persons are replicated everywhere: who may act, with which role, in which
departments, and how to show them."""
import functools

import sqlalchemy as sa
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


def apply_row(session, table, envelope):
    """Upsert from a `row.<table>` event (whole rows): newer positions win; deletions leave a
    tombstone so that an older event applied late cannot resurrect the row."""
    data, position = envelope["data"], envelope["position"]
    row = data["row"] or {}
    values = {c.name: row[c.name] for c in table.columns if c.name in row and c.name != "id"}
    if "row" in table.c:
        values["row"] = data["row"]
    values.update(replica_position=position, replica_deleted=data["row"] is None)
    session.execute(upsert(table, tuple(values)), {"id": data["id"], **values})


class Replication:
    """Applies `row.<table>` events to a service's replicas ({source table: local table})."""

    def __init__(self, replicas):
        self.replicas = replicas

    def row(self, source_table, envelope):
        apply_row(db.current_session(), self.replicas[source_table], envelope)


def replica_of(source, table):
    """The event handler of a service class keeping the local copy of `source`'s `table` (its
    `row.<table>` events), through its platform's `replication` (a Replication)."""
    @subscribe(source, f"row.{table}")
    def on_row(self, envelope):
        self.platform.replication.row(table, envelope)
    return on_row


@functools.lru_cache(maxsize=256)
def upsert(table, columns):
    """The upsert of these columns, built once; values come as parameters. Written as SQL text:
    SQLAlchemy cannot key its PostgreSQL INSERT … ON CONFLICT, so it would compile it again at
    every call (0.6 ms)."""
    names = ("id",) + columns
    dialect = postgresql.dialect()
    quoted = {name: dialect.identifier_preparer.quote(name) for name in names}  # e.g. "row"
    values = ", ".join(f"CAST(:{name} AS {table.c[name].type.compile(dialect)})" for name in names)
    updates = ", ".join(f"{quoted[name]} = excluded.{quoted[name]}" for name in columns)
    return sa.text(
        f"INSERT INTO {table.name} ({', '.join(quoted.values())}) VALUES ({values}) ON CONFLICT (id) "
        f"DO UPDATE SET {updates} WHERE {table.name}.replica_position < excluded.replica_position"
    ).bindparams(*[sa.bindparam(name, type_=table.c[name].type) for name in names])


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
