"""Metadata descriptors of a project: the custom columns of its assets, shots… (`entity.data`)."""
import re
import unicodedata

import sqlalchemy as sa

from shared.errors import WrongParameter
from shared.eventstore import command

from .collections import DESCRIPTOR_TYPES, METADATA_DESCRIPTORS
from .project_area import ProjectArea, parsed_changes, required
from .roles import check_manager_project_access, check_project_access

ENTITY_TYPES = ("Asset", "Shot", "Sequence", "Episode", "Edit", "Project", "Task")


def field_name(name):
    """The key of the descriptor in `entity.data`: the name slugified with underscores."""
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def check_descriptor(data):
    if "entity_type" in data and data["entity_type"] not in ENTITY_TYPES:
        raise WrongParameter("Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, "
                             "Project, or Task.")
    if "data_type" in data and data["data_type"] not in DESCRIPTOR_TYPES:
        raise WrongParameter("Invalid data_type")


class DescriptorsApp(ProjectArea):
    def ordered(self, actor, condition):
        table = METADATA_DESCRIPTORS.table
        query = sa.select(table).where(condition).order_by(table.c.position.nulls_last(), table.c.name)
        if actor.role == "client":
            query = query.where(table.c.for_client.is_(True))
        rows = self.session.execute(query).mappings()
        return [METADATA_DESCRIPTORS.serialize(row, actor, relations=True) for row in rows]

    def list(self, actor, project_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_project_access(actor, project)
        return self.ordered(actor, METADATA_DESCRIPTORS.table.c.project_id == project["id"])

    def get(self, actor, project_id, descriptor_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_project_access(actor, project)
        row = self.row_in(METADATA_DESCRIPTORS, descriptor_id)
        return METADATA_DESCRIPTORS.serialize(row, actor, relations=True)

    def duplicate(self, project_id, entity_type, name, except_id=None):
        table = METADATA_DESCRIPTORS.table
        query = sa.select(table.c.id).where(
            table.c.project_id == project_id, table.c.entity_type == entity_type,
            sa.or_(table.c.name == name, table.c.field_name == field_name(name)))
        if except_id:
            query = query.where(table.c.id != except_id)
        if self.session.execute(query).first():
            raise WrongParameter("Metadata descriptor already exists.")

    @command
    def create(self, actor, project_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        body = required(body, "name")
        fields = {key: METADATA_DESCRIPTORS.fields[key].parse(body[key])
                  for key in ("entity_type", "task_type_id", "name", "data_type", "choices",
                              "for_client", "departments") if body.get(key) is not None}
        fields.setdefault("entity_type", "Asset")
        check_descriptor(fields)
        self.duplicate(project["id"], fields["entity_type"], fields["name"])
        fields.update(project_id=project["id"], field_name=field_name(fields["name"]))
        return self.crud.save_new(METADATA_DESCRIPTORS, actor, fields)

    @command
    def update(self, actor, project_id, descriptor_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        row = self.row_in(METADATA_DESCRIPTORS, descriptor_id, project_id=project["id"])
        changes = parsed_changes(METADATA_DESCRIPTORS, self.crud.require_body(body))
        changes.pop("field_name", None)  # follows the name
        check_descriptor(changes)
        if changes.get("name") is not None and changes["name"] != row["name"]:
            self.duplicate(project["id"], changes.get("entity_type", row["entity_type"]), changes["name"],
                           except_id=row["id"])
            changes["field_name"] = field_name(changes["name"])
        row = self.change(METADATA_DESCRIPTORS, row, changes, actor)
        return METADATA_DESCRIPTORS.serialize(row, actor, relations=True)

    @command
    def delete(self, actor, project_id, descriptor_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        row = self.row_in(METADATA_DESCRIPTORS, descriptor_id, project_id=project["id"])
        self.remove(METADATA_DESCRIPTORS, row["id"], actor)

    @command
    def reorder(self, actor, project_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        body = required(body, "entity_type", "descriptor_ids")
        entity_type, ids = body["entity_type"], body["descriptor_ids"]
        if not isinstance(ids, list):
            raise WrongParameter("descriptor_ids must be a list")
        table = METADATA_DESCRIPTORS.table
        rows = {row["id"]: dict(row) for row in self.session.execute(sa.select(table).where(
            table.c.project_id == project["id"], table.c.entity_type == entity_type)).mappings()}
        for descriptor_id in ids:
            if str(descriptor_id) not in rows:
                raise WrongParameter(f"Descriptor {descriptor_id} not found for project {project['id']} "
                                     f"and entity type {entity_type}")
        for position, descriptor_id in enumerate(ids, start=1):
            self.change(METADATA_DESCRIPTORS, rows[str(descriptor_id)], {"position": position}, actor)
        return self.ordered(actor, sa.and_(table.c.project_id == project["id"],
                                           table.c.entity_type == entity_type))
