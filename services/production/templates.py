"""Project templates: snapshots of a project's settings (from a project, applied to a project) and
their linked asset types, task types, task statuses, status automations and backgrounds."""
import uuid

import sqlalchemy as sa

from shared.errors import Forbidden, NotFound, WrongParameter
from shared.eventstore import command
from shared.serialization import isoformat

from .collections import ENTITY_TYPES, METADATA_DESCRIPTORS, PROJECT_TEMPLATES, PROJECTS
from .project_area import LINK_DATA, ProjectArea, link_answer, link_data, new_link, required, uuid_arg

# Settings a template carries over to a project (its own fields that projects also have).
SETTINGS = [name for name in PROJECT_TEMPLATES.fields
            if name in PROJECTS.fields and name not in ("name", "description")]
DESCRIPTOR_SNAPSHOT = ("name", "choices", "position", "data_type", "field_name", "for_client",
                       "departments", "entity_type", "task_type_id")
# Template link lists: route segment -> (template field, body key, link model, link data field)
LINKS = {
    "asset-types": ("asset_types", "asset_type_id", "ProjectTemplateAssetTypeLink", None),
    "task-types": ("task_types", "task_type_id", "ProjectTemplateTaskTypeLink", "task_type_links"),
    "task-statuses": ("task_statuses", "task_status_id", "ProjectTemplateTaskStatusLink",
                      "task_status_links"),
    "status-automations": ("status_automations", "status_automation_id",
                           "ProjectTemplateStatusAutomationLink", None),
    "preview-background-files": ("preview_background_files", "preview_background_file_id",
                                 "ProjectTemplatePreviewBackgroundFileLink", None),
}
# Linked rows kept by the tasks service (collection name there); preview backgrounds belong to the
# media service, not built: listed as [].
TASKS_ROWS = {"task-types": "task-types", "task-statuses": "task-status",
              "status-automations": "status-automations"}


def link_overlay(data_field, link):
    """What a template link adds to (or overrides in) the linked row, as Zou lists them."""
    if data_field == "task_type_links":
        return link_data(data_field, link)
    if data_field == "task_status_links":
        data = link_data(data_field, link)
        return {"priority": data["priority"], "roles_for_board": data["roles_for_board"],
                "link_is_client_allowed": data["is_client_allowed"]}
    return {}


def merged(current, added):
    return [*current, *[item for item in added if item not in current]]


def apply_template(area, actor, project, template, keep=()):
    """Copy the template's settings onto the project (fields in `keep` stay as they are), add its
    linked ids and create its metadata descriptors missing from the project."""
    changes = {name: template[name] for name in SETTINGS
               if name not in keep and not PROJECTS.fields[name].relation}
    for name in SETTINGS:
        if PROJECTS.fields[name].relation:
            changes[name] = merged(project[name] or [], template[name] or [])
    for name in LINK_DATA:
        changes[name] = {**(template[name] or {}), **(project[name] or {})}
    if "default_preview_background_file_id" not in keep and template["default_preview_background_file_id"]:
        changes["default_preview_background_file_id"] = template["default_preview_background_file_id"]
    project = area.change(PROJECTS, project, changes, actor)
    table = METADATA_DESCRIPTORS.table
    existing = {(row.entity_type, row.field_name) for row in area.session.execute(
        sa.select(table.c.entity_type, table.c.field_name).where(table.c.project_id == project["id"]))}
    for descriptor in template["metadata_descriptors"] or []:
        if (descriptor.get("entity_type"), descriptor.get("field_name")) not in existing:
            fields = {key: descriptor.get(key) for key in DESCRIPTOR_SNAPSHOT if key in descriptor}
            area.crud.save_new(METADATA_DESCRIPTORS, actor, {**fields, "project_id": project["id"]})
    return project


class TemplatesApp(ProjectArea):
    def template(self, actor, template_id, write=True):
        actor = self.actor(actor)
        if not (actor.is_admin if write else actor.is_manager):
            raise Forbidden()
        return actor, self.crud.row(PROJECT_TEMPLATES, uuid_arg(template_id))

    @command
    def from_project(self, actor, project_id, body):
        actor = self.actor(actor)
        if not actor.is_admin:
            raise Forbidden()
        project = self.project(project_id)
        body = required(body, "name")
        table = METADATA_DESCRIPTORS.table
        descriptors = self.session.execute(
            sa.select(table).where(table.c.project_id == project["id"])
            .order_by(table.c.entity_type, table.c.position.nulls_last(), table.c.name)).mappings()
        fields = {name: project[name] for name in SETTINGS}
        fields.update(name=body["name"], description=body.get("description"), metadata_descriptors=[
            {**{key: row[key] for key in DESCRIPTOR_SNAPSHOT}, "departments": list(row["departments"] or [])}
            for row in descriptors])
        return self.crud.save_new(PROJECT_TEMPLATES, actor, fields)

    @command
    def apply(self, actor, project_id, template_id):
        actor, template = self.template(actor, template_id)
        project = apply_template(self, actor, self.project(project_id), template)
        return PROJECTS.serialize(project, actor)

    # -- linked lists -------------------------------------------------------------------------
    def asset_types(self, actor, template_id):
        """Only asset types live here; the other lists' rows belong to tasks and media."""
        actor, template = self.template(actor, template_id, write=False)
        table = ENTITY_TYPES.table
        rows = self.session.execute(sa.select(table).where(table.c.id.in_(template["asset_types"] or []))
                                    .order_by(table.c.name)).mappings()
        return [ENTITY_TYPES.serialize(row, actor) for row in rows]

    def linked(self, actor, template_id, kind, rows_by_ids):
        """The rows linked to the template, as the tasks service answers them (`rows_by_ids`, an
        RPC), with the template's link data: priority… of task types, board roles of statuses."""
        actor, template = self.template(actor, template_id, write=False)
        field, _, _, data_field = LINKS[kind]
        ids = template[field] or []
        if kind not in TASKS_ROWS or not ids:
            return []
        rows = {row["id"]: row for row in rows_by_ids(TASKS_ROWS[kind], ids)}
        links = (template[data_field] or {}) if data_field else {}
        return [{**rows[linked_id], **link_overlay(data_field, links.get(linked_id) or {})}
                for linked_id in ids if linked_id in rows]

    @command
    def add_link(self, actor, template_id, kind, body):
        field, key, model, data_field = LINKS[kind]
        actor, template = self.template(actor, template_id)
        body = required(body, key)
        linked_id = uuid_arg(body[key])
        if kind == "asset-types" and self.session.execute(
                sa.select(ENTITY_TYPES.table.c.id).where(ENTITY_TYPES.table.c.id == linked_id)).first() is None:
            raise WrongParameter(f"Asset type {linked_id} does not exist")
        changes = {field: merged(template[field] or [], [linked_id])}
        if data_field:
            link = {"id": str(uuid.uuid4()), **new_link(data_field, body)}
            changes[data_field] = {**(template[data_field] or {}), linked_id: link}
        template = self.change(PROJECT_TEMPLATES, template, changes, actor)
        if data_field:
            return link_answer("project_template_id", template, key, linked_id, data_field, model)
        now = isoformat(template["updated_at"])
        return {"project_template_id": template["id"], key: linked_id, "id": str(uuid.uuid4()),
                "created_at": now, "updated_at": now, "type": model}

    @command
    def remove_link(self, actor, template_id, kind, linked_id):
        field, _, _, data_field = LINKS[kind]
        actor, template = self.template(actor, template_id)
        linked_id = uuid_arg(linked_id)
        if linked_id not in (template[field] or []):
            raise NotFound()
        changes = {field: [item for item in template[field] if item != linked_id]}
        if data_field:
            changes[data_field] = {k: v for k, v in (template[data_field] or {}).items() if k != linked_id}
        self.change(PROJECT_TEMPLATES, template, changes, actor)

    @command
    def set_default_background(self, actor, template_id, body):
        actor, template = self.template(actor, template_id)
        body = body if isinstance(body, dict) else {}
        value = body.get("default_preview_background_file_id")
        template = self.change(PROJECT_TEMPLATES, template, {
            "default_preview_background_file_id": uuid_arg(value) if value else None}, actor)
        return PROJECT_TEMPLATES.serialize(template, actor, relations=True)

    @command
    def set_descriptors(self, actor, template_id, body):
        actor, template = self.template(actor, template_id)
        body = required(body, "metadata_descriptors")
        if not isinstance(body["metadata_descriptors"], list):
            raise WrongParameter("metadata_descriptors must be a list")
        template = self.change(PROJECT_TEMPLATES, template,
                               {"metadata_descriptors": body["metadata_descriptors"]}, actor)
        return PROJECT_TEMPLATES.serialize(template, actor, relations=True)
