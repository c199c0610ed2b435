"""Project templates: snapshots of a project's settings and their linked asset types, task
types, task statuses, status automations and preview backgrounds (read by managers, written by
admins). Copies between templates and projects: commands/project_templates.py."""
import uuid

import sqlalchemy as sa

from shared.application import answers
from shared.crud import Collection
from shared.errors import CrudError, Forbidden, NotFound, WrongParameter
from shared.crud.fields import Json, String, Uuid
from shared.eventstore import command
from shared.serialization import isoformat

from ..domain import ProjectTemplate
from ..replicas import metadata
from ..rules.projects import check_project_settings, link_answer, link_overlay, merged, new_link
from ..rules.requests import required, uuid_arg
from .entity_types import ENTITY_TYPES
from .projects import PROJECTS, ProjectPart, project_fields


class ProjectTemplateCollection(Collection):
    """Read by managers, written by admins; names are unique with Zou's own message."""

    def check_list(self, actor, filters):
        if not actor.is_manager:
            raise Forbidden()

    def check_get(self, actor, row):
        self.check_list(actor, {})

    def validate(self, session, data, row=None):
        check_project_settings(data)
        name = data.get("name")
        if name is not None and (row is None or name != row["name"]):
            if session.execute(sa.select(self.table.c.id).where(self.table.c.name == name)).first():
                raise CrudError("A project template with this name already exists")


def template_fields():
    settings = ("fps", "ratio", "resolution", "production_type", "production_style", "max_retakes",
                "is_clients_isolated", "is_client_stats_visible", "is_client_task_list_visible",
                "is_client_task_panel_visible", "is_preview_download_allowed",
                "is_set_preview_automated", "is_publish_default_for_artists",
                "is_single_preview_per_revision", "is_frame_in_numbering", "revision_padding",
                "homepage", "hd_bitrate_compression", "ld_bitrate_compression", "file_tree", "data")
    project = project_fields()
    return {"name": String(nullable=False, unique=True), "description": String(),
            **{name: project[name] for name in settings},
            "metadata_descriptors": Json(default=list),
            "default_preview_background_file_id": Uuid(),
            **{name: project[name] for name in ("task_types", "task_statuses", "asset_types",
                                                "status_automations", "preview_background_files",
                                                "task_type_links", "task_status_links")}}


PROJECT_TEMPLATES = ProjectTemplateCollection("project-templates", "ProjectTemplate", ProjectTemplate,
                                              "project_template", metadata, template_fields())

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


class ProjectTemplates(ProjectPart):
    def template(self, actor, template_id, write=True):
        actor = self.actor(actor)
        if not (actor.is_admin if write else actor.is_manager):
            raise Forbidden()
        return actor, self.crud.row(PROJECT_TEMPLATES, uuid_arg(template_id))

    @answers("project_template_asset_types")
    def asset_types(self, actor, project_template_id):
        """Only asset types live here; the other lists' rows belong to tasks and media."""
        actor, template = self.template(actor, project_template_id, write=False)
        table = ENTITY_TYPES.table
        rows = self.session.execute(sa.select(table).where(table.c.id.in_(template["asset_types"] or []))
                                    .order_by(table.c.name)).mappings()
        return [ENTITY_TYPES.serialize(row, actor) for row in rows]

    @answers("project_template_links")
    def linked(self, actor, project_template_id, link):
        """The rows linked to the template, as the tasks service answers them, with the
        template's link data: priority… of task types, board roles of statuses."""
        actor, template = self.template(actor, project_template_id, write=False)
        field, _, _, data_field = LINKS[link]
        ids = template[field] or []
        if link not in TASKS_ROWS or not ids:
            return []
        rows = {row["id"]: row for row in self.platform.remote().call(
            "tasks", "rows_by_ids", params={"collection": TASKS_ROWS[link], "ids": ids})}
        links = (template[data_field] or {}) if data_field else {}
        return [{**rows[linked_id], **link_overlay(data_field, links.get(linked_id) or {})}
                for linked_id in ids if linked_id in rows]

    @answers("add_project_template_link")
    @command
    def add_link(self, actor, project_template_id, link, body):
        field, key, model, data_field = LINKS[link]
        actor, template = self.template(actor, project_template_id)
        body = required(body, key)
        linked_id = uuid_arg(body[key])
        if link == "asset-types" and self.session.execute(
                sa.select(ENTITY_TYPES.table.c.id).where(ENTITY_TYPES.table.c.id == linked_id)).first() is None:
            raise WrongParameter(f"Asset type {linked_id} does not exist")
        changes = {field: merged(template[field] or [], [linked_id])}
        if data_field:
            stored = {"id": str(uuid.uuid4()), **new_link(data_field, body)}
            changes[data_field] = {**(template[data_field] or {}), linked_id: stored}
        template = self.change(PROJECT_TEMPLATES, template, changes, actor)
        if data_field:
            return link_answer("project_template_id", template, key, linked_id, data_field, model)
        now = isoformat(template["updated_at"])
        return {"project_template_id": template["id"], key: linked_id, "id": str(uuid.uuid4()),
                "created_at": now, "updated_at": now, "type": model}

    @answers("remove_project_template_link")
    @command
    def remove_link(self, actor, project_template_id, link, linked_id):
        field, _, _, data_field = LINKS[link]
        actor, template = self.template(actor, project_template_id)
        linked_id = uuid_arg(linked_id)
        if linked_id not in (template[field] or []):
            raise NotFound()
        changes = {field: [item for item in template[field] if item != linked_id]}
        if data_field:
            changes[data_field] = {k: v for k, v in (template[data_field] or {}).items() if k != linked_id}
        self.change(PROJECT_TEMPLATES, template, changes, actor)

    @answers("set_project_template_default_background")
    @command
    def set_default_background(self, actor, project_template_id, body):
        actor, template = self.template(actor, project_template_id)
        body = body if isinstance(body, dict) else {}
        value = body.get("default_preview_background_file_id")
        template = self.change(PROJECT_TEMPLATES, template, {
            "default_preview_background_file_id": uuid_arg(value) if value else None}, actor)
        return PROJECT_TEMPLATES.serialize(template, actor, relations=True)

    @answers("set_project_template_descriptors")
    @command
    def set_descriptors(self, actor, project_template_id, body):
        actor, template = self.template(actor, project_template_id)
        body = required(body, "metadata_descriptors")
        if not isinstance(body["metadata_descriptors"], list):
            raise WrongParameter("metadata_descriptors must be a list")
        template = self.change(PROJECT_TEMPLATES, template,
                               {"metadata_descriptors": body["metadata_descriptors"]}, actor)
        return PROJECT_TEMPLATES.serialize(template, actor, relations=True)
