"""A project's settings: the asset types, task types, task statuses, status automations and
preview backgrounds it uses (linked ids on the project's row, with link data for task types)."""
import sqlalchemy as sa

from shared.application import answers
from shared.errors import ValidationError, WrongParameter
from shared.eventstore import command
from shared.permissions import check_project_access

from ..replicas import STATUS_AUTOMATIONS, TASK_STATUSES, TASK_TYPES
from ..rules.projects import new_link
from ..rules.requests import required, uuid_arg
from .entity_types import ENTITY_TYPES
from .projects import PROJECTS, ProjectPart

# Project settings lists: (project field, body key, link dict builder or None, (table of the
# linkable rows, their model name)); task types, statuses and automations are the tasks service's
# rows, known here from its events; preview background files are not built: none exists.
SETTINGS = {
    "asset-types": ("asset_types", "asset_type_id", None, (ENTITY_TYPES.table, "EntityType")),
    "task-types": ("task_types", "task_type_id", "task_type_links", (TASK_TYPES, "TaskType")),
    "task-status": ("task_statuses", "task_status_id", "task_status_links", (TASK_STATUSES, "TaskStatus")),
    "status-automations": ("status_automations", "status_automation_id", None,
                           (STATUS_AUTOMATIONS, "StatusAutomation")),
    "preview-background-files": ("preview_background_files", "preview_background_file_id", None,
                                 (None, "PreviewBackgroundFile")),
}


def check_linkable(session, known, linked_id):
    """Zou's 400 when the row a setting would link does not exist."""
    table, model = known
    found = None
    if table is not None:
        query = sa.select(table.c.id).where(table.c.id == linked_id)
        if "replica_deleted" in table.c:
            query = query.where(table.c.replica_deleted.is_(False))
        found = session.execute(query).first()
    if found is None:
        raise WrongParameter(f"{model} with id {linked_id} not found")


class ProjectSettings(ProjectPart):
    @answers("add_project_setting")
    @command
    def add_setting(self, actor, project_id, setting, body):
        """Link an asset type, task type, task status… to the project (201 with the project)."""
        field, key, links, known = SETTINGS[setting]
        actor, project = self.managed(actor, project_id)
        body = required(body, key)
        linked_id = uuid_arg(body[key])
        check_linkable(self.session, known, linked_id)
        changes = {}
        if linked_id not in project[field]:
            changes[field] = [*project[field], linked_id]
        if links == "task_type_links":
            changes[links] = {**project[links], linked_id: new_link(links, {"priority": body.get("priority")})}
        project = self.change(PROJECTS, project, changes, actor)
        return PROJECTS.serialize(project, actor)

    @answers("add_project_settings_batch")
    @command
    def add_settings_batch(self, actor, project_id, body):
        """POST …/settings/batch {task_types: [{task_type_id, priority?}…]}: several task types at
        once, one project event (Zou 1.0.97 reads no other list); answers the project."""
        body = body if isinstance(body, dict) else {}
        task_types = body.get("task_types", [])
        if not isinstance(task_types, list):
            raise ValidationError([{"field": "task_types", "message": "Input should be a valid list"}])
        for position, item in enumerate(task_types):
            if not isinstance(item, dict):
                raise ValidationError([{"field": f"task_types.{position}", "message":
                                        "Input should be a valid dictionary or instance of ProjectTaskTypeSchema"}])
            required(item, "task_type_id")
        actor, project = self.managed(actor, project_id)
        links = dict(project["task_type_links"])
        for item in task_types:
            linked_id = uuid_arg(item["task_type_id"])
            check_linkable(self.session, SETTINGS["task-types"][3], linked_id)
            links[linked_id] = new_link("task_type_links", {"priority": item.get("priority")}, links.get(linked_id))
        listed = project["task_types"]
        project = self.change(PROJECTS, project, {
            "task_types": listed + [i for i in dict.fromkeys(links) if i not in listed], "task_type_links": links}, actor)
        return PROJECTS.serialize(project, actor)

    @answers("project_preview_background_files")
    def preview_background_files(self, actor, project_id):
        """GET …/settings/preview-background-files: the files are the media service's (not built): []."""
        check_project_access(self.actor(actor), self.project(project_id))
        return []

    @answers("remove_project_setting")
    @command
    def remove_setting(self, actor, project_id, setting, linked_id):
        field, _, links, _ = SETTINGS[setting]
        actor, project = self.managed(actor, project_id)
        linked_id = uuid_arg(linked_id)
        changes = {field: [item for item in project[field] if item != linked_id]}
        if links:
            changes[links] = {k: v for k, v in project[links].items() if k != linked_id}
        self.change(PROJECTS, project, changes, actor)

