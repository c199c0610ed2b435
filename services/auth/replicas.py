"""What auth keeps of other services' events: every public event in the API event log
(models/events.py), and the projects' teams that scope a manager's view of it."""
import datetime
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared.replicas import apply_row, replica_table

from .models import metadata
from .models.events import EVENTS

PROJECTS = replica_table("project_replica", metadata, sa.Column("team", ARRAY(UUID(as_uuid=False))))


def record_event(session, envelope):
    """Store one published event (called once per event: see shared.consumer.subscribe)."""
    created_at = datetime.datetime.fromisoformat(envelope["created_at"])
    session.execute(EVENTS.table.insert(), dict(
        id=str(uuid.uuid4()), created_at=created_at, updated_at=created_at, name=envelope["name"],
        user_id=envelope.get("user_id"), project_id=envelope.get("project_id"),
        data=envelope.get("data")))


def replicate_project(session, envelope):
    """The projects' teams, for the managers' scope."""
    apply_row(session, PROJECTS, envelope)
