"""Tables copied from other services, kept by the service's event handlers (service.py).

`metadata` is the service's one MetaData: these tables and the collections' (models/)."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared import db
from shared.consumer import subscribe
from shared.replicas import apply_rows, person_replica, replica_table

metadata = sa.MetaData()
PERSONS = person_replica(metadata)  # who may act, fed by auth's events
# the tasks service's task types, statuses and automations: the ids a project's settings may name
TASK_TYPES = replica_table("task_type_replica", metadata, sa.Column("name", sa.String),
                           sa.Column("for_entity", sa.String))
TASK_STATUSES = replica_table("task_status_replica", metadata, sa.Column("name", sa.String))
STATUS_AUTOMATIONS = replica_table("status_automation_replica", metadata,
                                   sa.Column("entity_type", sa.String))
TASKS = replica_table(  # which entities have tasks (soft deletes, vendor scoping), fed by `row.task`
    "task_replica", metadata, sa.Column("entity_id", UUID(as_uuid=False), index=True),
    sa.Column("assignees", ARRAY(UUID(as_uuid=False))))


def replica_of(source, table, replica):
    """The event handler keeping `replica`, the local copy of `source`'s `table`."""
    @subscribe(source, f"row.{table}")
    def on_rows(self, envelopes):
        apply_rows(db.current_session(), replica, envelopes)
    return on_rows
