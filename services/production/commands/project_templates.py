"""Copies between a project and a project template: a template made from a project's settings
and descriptors, and a template applied to a project (its settings, links and descriptors)."""
import sqlalchemy as sa

from shared.application import answers
from shared.errors import Forbidden
from shared.eventstore import command

from ..models.descriptors import METADATA_DESCRIPTORS
from ..models.project_templates import DESCRIPTOR_SNAPSHOT, PROJECT_TEMPLATES, SETTINGS
from ..models.projects import PROJECTS, ProjectPart
from ..rules.projects import template_changes
from ..rules.requests import required, uuid_arg

# the template settings that are lists of linked ids (merged into the project's, not replacing them)
RELATIONS = {name for name in SETTINGS if PROJECTS.fields[name].relation}


class TemplateCopies(ProjectPart):
    @answers("project_template_from_project")
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

    @answers("apply_project_template")
    @command
    def apply(self, actor, project_id, project_template_id):
        actor = self.actor(actor)
        if not actor.is_admin:
            raise Forbidden()
        template = self.crud.row(PROJECT_TEMPLATES, uuid_arg(project_template_id))
        project = self.applied(actor, self.project(project_id), template)
        return PROJECTS.serialize(project, actor)

    def apply_to(self, actor, project, template_id, keep):
        """A new project made from a template (inside Projects.create): the fields its body set stay."""
        self.applied(actor, project, self.crud.row(PROJECT_TEMPLATES, uuid_arg(template_id)), keep)

    def applied(self, actor, project, template, keep=()):
        """Copy the template's settings onto the project (fields in `keep` stay as they are), add its
        linked ids and create its metadata descriptors missing from the project."""
        project = self.change(PROJECTS, project, template_changes(project, template, SETTINGS, RELATIONS, keep),
                              actor)
        table = METADATA_DESCRIPTORS.table
        existing = {(row.entity_type, row.field_name) for row in self.session.execute(
            sa.select(table.c.entity_type, table.c.field_name).where(table.c.project_id == project["id"]))}
        for descriptor in template["metadata_descriptors"] or []:
            if (descriptor.get("entity_type"), descriptor.get("field_name")) not in existing:
                fields = {key: descriptor.get(key) for key in DESCRIPTOR_SNAPSHOT if key in descriptor}
                self.crud.save_new(METADATA_DESCRIPTORS, actor, {**fields, "project_id": project["id"]})
        return project
