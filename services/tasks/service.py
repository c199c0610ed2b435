"""The tasks service (see ARCHITECTURE.md for what it owns). Foundation stage: its platform —
database, event store, outbox relay, generic CRUD entry points and ping — with no collections yet."""
import sqlalchemy as sa

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.eventstore import EventStore


class TasksApplication(EventStore):
    pass


class TasksService(shared.service.CrudService):
    name = "tasks"
    platform = shared.service.Platform(TasksApplication, sa.MetaData())
