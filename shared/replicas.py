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
