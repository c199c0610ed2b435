"""The local replicas, fed by other services' events: production's rows (projects, their statuses,
entity types, entities), auth's person access and media's preview and attachment files. A
deleted entity takes its tasks with it; a file appears in (or leaves) its comment."""
from shared import replicas

from .collections import REPLICAS


class Replication(replicas.Replication):
    def __init__(self, platform):
        super().__init__(REPLICAS)
        self.platform = platform

    def row(self, source_table, envelope):
        super().row(source_table, envelope)
        if source_table == "entity" and envelope["data"]["row"] is None:
            self.platform.tasks.remove_entity_tasks(envelope["data"]["id"])
        if source_table in ("preview_file", "attachment_file"):
            self.platform.comments.show_file(source_table, envelope["data"]["id"], envelope.get("user_id"))
