"""Local replicas of other services' data, fed by their events (a service never reads another's DB).

Persons: who may act and with which role — every service needs it for permission checks."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID, insert


def person_replica(metadata):
    return sa.Table("person_replica", metadata,
                    sa.Column("id", UUID(as_uuid=False), primary_key=True),
                    sa.Column("role", sa.String),
                    sa.Column("active", sa.Boolean),
                    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
                    sa.Column("position", sa.BigInteger, nullable=False))


def apply_person_access(session, table, envelope):
    """Upsert from an `auth:person-access` event; an older event never overwrites a newer one."""
    data = envelope["data"]
    # a deleted person stays as a tombstone, so a late older event can't bring it back
    values = {k: data[k] for k in ("role", "active", "deleted") if k in data}
    statement = insert(table).values(id=data["person_id"], position=envelope["position"], **values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.id], set_={**values, "position": envelope["position"]},
        where=table.c.position < envelope["position"]))


def replica_table(name, metadata, *columns):
    """A local copy of another service's rows (only the columns this service needs)."""
    return sa.Table(name, metadata, sa.Column("id", UUID(as_uuid=False), primary_key=True),
                    *columns, sa.Column("replica_position", sa.BigInteger, nullable=False),
                    sa.Column("replica_deleted", sa.Boolean, nullable=False, default=False))


def apply_row(session, table, envelope):
    """Upsert from a `row:<table>` event (whole rows): newer positions win; deletions leave a
    tombstone so that an older event applied late cannot resurrect the row."""
    data, position = envelope["data"], envelope["position"]
    row = data["row"] or {}
    values = {c.name: row[c.name] for c in table.columns if c.name in row and c.name != "id"}
    values.update(replica_position=position, replica_deleted=data["row"] is None)
    statement = insert(table).values(id=data["id"], **values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.id], set_=values, where=table.c.replica_position < position))
