"""Metadata descriptors of a project: the custom columns of its assets, shots… (`entity.data`),
set per project or on every project the caller manages."""
import sqlalchemy as sa

from shared.application import answers
from shared.crud import Collection
from shared.crud.fields import Boolean, Integer, Json, String, Uuid, UuidList
from shared.errors import Forbidden, WrongParameter
from shared.eventstore import command
from shared.permissions import (check_departments_access, check_project_access,
                                is_project_manager, on_project)

from ..domain import MetadataDescriptor
from ..replicas import metadata
from ..rules.descriptors import (all_projects_entity_type, check_descriptor, field_name,
                                 in_field_order)
from ..rules.requests import parsed_changes, required
from . import entities
from .projects import PROJECT_STATUSES, PROJECTS, ProjectPart, related_projects


class MetadataDescriptorCollection(Collection):
    """Listed by anyone within the projects they work on; written by admins (or project routes)."""

    def check_list(self, actor, filters):
        pass

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        query = query.where(self.table.c.project_id.in_(related_projects(actor)))
        return query.where(self.table.c.for_client.is_(True)) if actor.role == "client" else query


METADATA_DESCRIPTORS = MetadataDescriptorCollection(
    "metadata-descriptors", "MetadataDescriptor", MetadataDescriptor, "metadata_descriptor", metadata, {
        "project_id": Uuid(nullable=False, index=True, references="project"),
        "entity_type": String(nullable=False), "task_type_id": Uuid(references="task_type_replica"),
        "name": String(nullable=False), "data_type": String(default="string"),
        "field_name": String(nullable=False), "choices": Json(default=list),
        "for_client": Boolean(default=False), "position": Integer(), "departments": UuidList()},
    unique_together=[("project_id", "entity_type", "field_name")])


class MetadataDescriptors(ProjectPart):
    def visible(self, actor):
        """The descriptors the caller reads with their role on the project: a client those shown
        to clients, a vendor those of their departments or of none."""
        table = METADATA_DESCRIPTORS.table
        if actor.role == "client":
            return table.c.for_client.is_(True)
        if actor.role == "vendor":
            departments = entities.ACCESS.departments(self.session, actor.id)
            return sa.or_(sa.func.coalesce(sa.func.cardinality(table.c.departments), 0) == 0,
                          table.c.departments.overlap(sa.cast(departments, table.c.departments.type)))
        return sa.true()

    def ordered(self, actor, condition):
        table = METADATA_DESCRIPTORS.table
        query = (sa.select(table).where(condition, self.visible(actor))
                 .order_by(table.c.position.nulls_last(), table.c.name))
        rows = self.session.execute(query).mappings()
        return [METADATA_DESCRIPTORS.serialize(row, actor, relations=True) for row in rows]

    @answers("project_metadata_descriptors")
    def list(self, actor, project_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_project_access(actor, project)
        actor = on_project(actor, project)
        return self.ordered(actor, METADATA_DESCRIPTORS.table.c.project_id == project["id"])

    @answers("project_metadata_descriptor")
    def get(self, actor, project_id, descriptor_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_project_access(actor, project)
        row = self.row_in(METADATA_DESCRIPTORS, descriptor_id)
        table = METADATA_DESCRIPTORS.table
        if not self.session.execute(sa.select(self.visible(on_project(actor, project)))
                                    .where(table.c.id == row["id"])).scalar():
            raise Forbidden()
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

    @answers("create_project_metadata_descriptor")
    @command
    def create(self, actor, project_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        fields = self.fields(required(body, "name"))
        self.check_departments(actor, project, fields.get("departments") or [])
        check_descriptor(fields)
        self.duplicate(project["id"], fields["entity_type"], fields["name"])
        return self.crud.save_new(METADATA_DESCRIPTORS, actor, {**fields, "project_id": project["id"]})

    @staticmethod
    def fields(body):
        fields = {key: METADATA_DESCRIPTORS.fields[key].parse(body[key])
                  for key in ("entity_type", "task_type_id", "name", "data_type", "choices",
                              "for_client", "departments") if body.get(key) is not None}
        fields.setdefault("entity_type", "Asset")
        return {**fields, "field_name": field_name(fields["name"])}

    @answers("update_project_metadata_descriptor")
    @command
    def update(self, actor, project_id, descriptor_id, body):
        actor, project = self.actor(actor), self.project(project_id)
        row = self.row_in(METADATA_DESCRIPTORS, descriptor_id, project_id=project["id"])
        changes = parsed_changes(METADATA_DESCRIPTORS, self.crud.require_body(body))
        departments = list(row["departments"] or []) + list(changes.get("departments") or [])
        self.check_departments(actor, project, departments)
        return self.changed(actor, row, changes)

    def changed(self, actor, row, changes):
        changes.pop("field_name", None)  # follows the name
        check_descriptor(changes)
        if changes.get("name") is not None and changes["name"] != row["name"]:
            self.duplicate(row["project_id"], changes.get("entity_type", row["entity_type"]), changes["name"],
                           except_id=row["id"])
            changes["field_name"] = field_name(changes["name"])
        row = self.change(METADATA_DESCRIPTORS, row, changes, actor)
        return METADATA_DESCRIPTORS.serialize(row, actor, relations=True)

    @answers("delete_project_metadata_descriptor")
    @command
    def delete(self, actor, project_id, descriptor_id):
        actor, project = self.actor(actor), self.project(project_id)
        row = self.row_in(METADATA_DESCRIPTORS, descriptor_id, project_id=project["id"])
        self.check_departments(actor, project, list(row["departments"] or []))
        self.remove(METADATA_DESCRIPTORS, row["id"], actor)

    def check_departments(self, actor, project, departments):
        """Zou's department rule of descriptors (shared.permissions.check_departments_access)."""
        check_departments_access(actor, project, departments,
                                 lambda: entities.ACCESS.departments(self.session, actor.id))

    @answers("reorder_project_metadata_descriptors")
    @command
    def reorder(self, actor, project_id, body):
        actor, project = self.managed(actor, project_id)
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
        self.positions(actor, [rows[str(descriptor_id)] for descriptor_id in ids])
        return self.ordered(actor, sa.and_(table.c.project_id == project["id"],
                                           table.c.entity_type == entity_type))

    def positions(self, actor, rows):
        """Number the descriptors in the order given (one write for all of them)."""
        self.change_many(METADATA_DESCRIPTORS, [(row, {"position": position})
                                                for position, row in enumerate(rows, start=1)], actor)

    # -- the same descriptor on every project the caller manages ----------------------------------
    def managed_projects(self, actor):
        """Open projects whose team the caller manages (admins: every open project)."""
        if not actor.is_manager:
            raise Forbidden()
        projects, statuses = PROJECTS.table, PROJECT_STATUSES.table
        rows = self.session.execute(sa.select(projects)
                                    .join(statuses, statuses.c.id == projects.c.project_status_id)
                                    .where(statuses.c.name == "Open")).mappings().all()
        return [project for project in rows if is_project_manager(actor, project)]

    def same_field(self, actor, name, entity_type):
        """The descriptors `field_name` of that entity type on the projects the caller manages."""
        table = METADATA_DESCRIPTORS.table
        ids = [project["id"] for project in self.managed_projects(actor)]
        return [dict(row) for row in self.session.execute(sa.select(table).where(
            table.c.project_id.in_(ids), table.c.field_name == name, table.c.entity_type == entity_type)
            .order_by(table.c.project_id)).mappings()]

    @answers("create_all_projects_metadata_descriptor")
    @command
    def create_all(self, actor, body):
        """POST /data/metadata-descriptors/all-projects: created where missing."""
        actor = self.actor(actor)
        fields = self.fields(required(body, "name"))
        all_projects_entity_type(fields["entity_type"])
        check_descriptor(fields)
        table, created = METADATA_DESCRIPTORS.table, []
        for project in self.managed_projects(actor):
            if self.session.execute(sa.select(table.c.id).where(
                    table.c.project_id == project["id"], table.c.entity_type == fields["entity_type"],
                    table.c.field_name == fields["field_name"])).first() is None:
                created.append(self.crud.save_new(METADATA_DESCRIPTORS, actor,
                                                  {**fields, "project_id": project["id"]}))
        return created

    @answers("update_all_projects_metadata_descriptor")
    @command
    def update_all(self, actor, field_name, body):
        """PUT /data/metadata-descriptors/all-projects/{field_name} {entity_type, …changes}."""
        actor, body = self.actor(actor), required(body, "entity_type")
        rows = self.same_field(actor, field_name, all_projects_entity_type(body["entity_type"]))
        changes = parsed_changes(METADATA_DESCRIPTORS, body)
        return [self.changed(actor, row, dict(changes)) for row in rows]

    @answers("delete_all_projects_metadata_descriptor")
    @command
    def delete_all(self, actor, field_name, query):
        """DELETE /data/metadata-descriptors/all-projects/{field_name}?entity_type=…: the ids removed."""
        actor = self.actor(actor)
        rows = self.same_field(actor, field_name, all_projects_entity_type(query.get("entity_type")))
        for row in rows:
            self.remove(METADATA_DESCRIPTORS, row["id"], actor)
        return [row["id"] for row in rows]

    @answers("reorder_all_projects_metadata_descriptors")
    @command
    def reorder_all(self, actor, body):
        """POST /actions/metadata-descriptors/all-projects/reorder {entity_type, field_order}."""
        actor, body = self.actor(actor), required(body, "entity_type", "field_order")
        entity_type = all_projects_entity_type(body["entity_type"])
        if not isinstance(body["field_order"], list):
            raise WrongParameter("field_order must be a list")
        order = {name: position for position, name in enumerate(body["field_order"])}
        table, ids = METADATA_DESCRIPTORS.table, [p["id"] for p in self.managed_projects(actor)]
        condition = sa.and_(table.c.project_id.in_(ids), table.c.entity_type == entity_type)
        rows = [dict(row) for row in self.session.execute(sa.select(table).where(condition)).mappings()]
        for project_id in ids:
            self.positions(actor, in_field_order(order, [row for row in rows if row["project_id"] == project_id]))
        return self.ordered(actor, condition)
