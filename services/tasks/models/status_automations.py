"""Status automations (Zou's StatusAutomation): what a task reaching a status does to another task
of its entity (run by commands/automations.py). Production keeps a copy of the ids."""
from shared.crud import Collection
from shared.crud.fields import Boolean, Choice, String, Uuid
from shared.errors import Forbidden

from ..domain import StatusAutomation
from ..replicas import metadata


class StatusAutomationCollection(Collection):
    """Read by anyone but vendors; written by admins."""

    def check_list(self, actor, filters):
        if actor.role == "vendor":
            raise Forbidden()


STATUS_AUTOMATIONS = StatusAutomationCollection(
    "status-automations", "StatusAutomation", StatusAutomation, "status_automation", metadata, {
        "entity_type": String(default="asset"), "in_task_type_id": Uuid(index=True, references="task_type"),
        "in_task_status_id": Uuid(index=True, references="task_status"),
        "out_field_type": Choice(("status", "ready_for"), default="status"),
        "out_task_type_id": Uuid(references="task_type"), "out_task_status_id": Uuid(references="task_status"),
        "import_last_revision": Boolean(default=False), "archived": Boolean(default=False)},
    replicated=("entity_type",))
