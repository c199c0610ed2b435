"""What auth keeps of other services' events: every public event in the API event log
(models/events.py), and the projects' teams that scope a manager's view of it."""
import datetime
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from shared.replicas import apply_rows, replica_table

from .models import metadata
from .models.events import EVENTS

PROJECTS = replica_table("project_replica", metadata, sa.Column("team", ARRAY(UUID(as_uuid=False))))


def record_events(session, envelopes):
    """Store published events (a batch of them: see shared.consumer.subscribe), in one statement."""
    if envelopes:
        session.execute(EVENTS.table.insert(), [event_row(envelope) for envelope in envelopes])


def event_row(envelope):
    created_at = datetime.datetime.fromisoformat(envelope["created_at"])
    return dict(id=str(uuid.uuid4()), created_at=created_at, updated_at=created_at, name=envelope["name"],
                user_id=envelope.get("user_id"), project_id=envelope.get("project_id"), data=envelope.get("data"))


def replicate_projects(session, envelopes):
    """The projects' teams, for the managers' scope."""
    apply_rows(session, PROJECTS, envelopes)
