"""The local replicas, fed by other services' events: production's rows (projects, their statuses,
entity types, entities) and auth's person access. A deleted entity takes its tasks with it."""
from shared import db
from shared.replicas import apply_row

from .collections import REPLICAS


class Replication:
    def __init__(self, platform):
        self.platform = platform

    def row(self, source_table, envelope):
        session = db.current_session()
        apply_row(session, REPLICAS[source_table], envelope)
        if source_table == "entity" and envelope["data"]["row"] is None:
            self.platform.tasks.remove_entity_tasks(envelope["data"]["id"])
