"""The task types and task statuses linked to a project or a project template: Zou's
*TaskTypeLink / *TaskStatusLink rows (priority, board roles…), kept on the owner's row."""
from shared.application import answers
from shared.errors import Forbidden, ValidationError, WrongParameter
from shared.eventstore import command
from shared.permissions import check_manager_project_access

from ..models.project_templates import PROJECT_TEMPLATES
from ..models.projects import PROJECTS, ProjectPart
from ..rules.projects import LINK_DATA, link_answer, new_link
from ..rules.requests import required, uuid_arg

# kind -> (owner's list field, body key, link data field, project link model, template link model)
LINKED = {
    "task-types": ("task_types", "task_type_id", "task_type_links", "ProjectTaskTypeLink",
                   "ProjectTemplateTaskTypeLink"),
    "task-statuses": ("task_statuses", "task_status_id", "task_status_links", "ProjectTaskStatusLink",
                      "ProjectTemplateTaskStatusLink"),
}


class TaskLinks(ProjectPart):
    def owner(self, actor, owner, owner_id):
        """The project (managers of its team) or the template (admins) whose links change."""
        actor = self.actor(actor)
        if owner == "project":
            project = self.project(owner_id)
            check_manager_project_access(actor, project)
            return actor, PROJECTS, project, "project_id"
        if not actor.is_admin:
            raise Forbidden()
        return actor, PROJECT_TEMPLATES, self.crud.row(PROJECT_TEMPLATES, uuid_arg(owner_id)), "project_template_id"

    @answers("create_task_link")
    @command
    def create(self, actor, kind, body):
        """POST /data/task-type-links | /data/task-status-links {project_id, <linked>_id, priority…}:
        the project gets the link, or the link its new data."""
        field, key, data_field, model, _ = LINKED[kind]
        body = required(body, "project_id", key)
        actor, collection, project, owner_key = self.owner(actor, "project", body["project_id"])
        linked_id = uuid_arg(body[key])
        values = {name: body[name] for name in LINK_DATA[data_field] if name in body}
        project = self.link(actor, collection, project, field, data_field, {linked_id: values})
        return link_answer(owner_key, project, key, linked_id, data_field, model)

    @answers("reorder_task_links")
    @command
    def reorder(self, actor, owner, owner_id, kind, body):
        """POST /actions/projects/{id}/task-type-links/reorder {task_type_ids} (and statuses, and
        the same for templates): priorities follow the order given; answers the links in it."""
        field, key, data_field, project_model, template_model = LINKED[kind]
        ids_key = key + "s"
        if owner == "project":
            if not isinstance(body, dict) or not isinstance(body.get(ids_key), list):
                raise WrongParameter(f"Request body must be a JSON object with a '{ids_key}' list.")
        else:
            body = required(body, ids_key)
            if not isinstance(body[ids_key], list):
                raise ValidationError([{"field": ids_key, "message": "Input should be a valid list"}])
        actor, collection, row, owner_key = self.owner(actor, owner, owner_id)
        ids = [uuid_arg(item) for item in body[ids_key]]
        ids = [linked_id for linked_id in ids if linked_id in (row[field] or [])]
        row = self.link(actor, collection, row, field, data_field,
                        {linked_id: {"priority": position} for position, linked_id in enumerate(ids, start=1)})
        model = project_model if owner == "project" else template_model
        return [link_answer(owner_key, row, key, linked_id, data_field, model) for linked_id in ids]

    def link(self, actor, collection, row, field, data_field, values):
        """Add the linked ids of `values` to the owner and merge their link data; one event."""
        links = dict(row[data_field] or {})
        for linked_id, data in values.items():
            previous = links.get(linked_id)
            links[linked_id] = new_link(data_field, {**(previous or {}), **data}, previous)
        listed = row[field] or []
        changes = {field: listed + [linked_id for linked_id in values if linked_id not in listed],
                   data_field: links}
        return self.change(collection, row, changes, actor)
