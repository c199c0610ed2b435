"""The breakdown's collections (entities area): entity types, entities, entity links.

Their rules follow Zou (API.md §3.7): entity type names unique whatever their case; entities listed
by anyone within their open projects (vendors: entities with a task of theirs), written by the
project's managers, `data` merged on update. The tables they query live in collections.py, read
at call time (collections.py imports this module)."""
import functools

import sqlalchemy as sa

from shared import db, permissions
from shared.crud import Collection
from shared.errors import FK_VIOLATION, CrudError, Forbidden, WrongParameter
from shared.eventstore import Record
from shared.permissions import check_manager_project_access

from . import collections as tables


class EntityTypes(Collection):
    """Names are unique whatever their case; deleting one still used by entities is refused."""

    def validate(self, session, data, row=None):
        name = data.get("name")
        if name is None:
            return
        query = sa.select(self.table.c.id).where(sa.func.lower(self.table.c.name) == name.lower())
        if row is not None:
            query = query.where(self.table.c.id != row["id"])
        if session.execute(query.limit(1)).first():
            raise WrongParameter("Entity type with this name already exists")

    def check_delete(self, actor, row):
        super().check_delete(actor, row)
        used = sa.select(tables.ENTITIES.table.c.id).where(tables.ENTITIES.table.c.entity_type_id == row["id"])
        if db.current_session().execute(used.limit(1)).first():
            raise CrudError(FK_VIOLATION)


def related_projects(actor):
    """Open projects whose team the caller is in (Zou's related-projects filter)."""
    projects, statuses = tables.PROJECTS.table, tables.PROJECT_STATUSES.table
    return (sa.select(projects.c.id).join(statuses, statuses.c.id == projects.c.project_status_id)
            .where(statuses.c.name == "Open", projects.c.team.any(actor.id)))


def assigned_entities(actor):
    """Entities on which the caller has a task assigned (what a vendor may see)."""
    return sa.select(tables.TASKS.c.entity_id).where(tables.TASKS.c.assignees.any(actor.id),
                                             tables.TASKS.c.replica_deleted.is_(False))


class Entities(Collection):
    """Any user lists (non-admins: their open projects; vendors: entities with a task of theirs);
    writes by managers of the project's team; `data` merged on update; answered with its kind."""
    read_rule = "any"

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        query = query.where(self.table.c.project_id.in_(related_projects(actor)))
        if actor.role == "vendor":
            query = query.where(self.table.c.id.in_(assigned_entities(actor)))
        return query

    def check_get(self, actor, row):
        tables.ACCESS.check_entity_read(db.current_session(), actor, row)

    def check_create(self, actor, data):
        check_manager_project_access(actor, self.owner(data.get("project_id")))

    def check_update(self, actor, row, changes):
        """Zou's metadata department rule (shared.permissions.check_entity_change)."""
        session, access = db.current_session(), tables.ACCESS
        descriptors = tables.METADATA_DESCRIPTORS.table
        permissions.check_entity_change(
            actor, self.owner(row["project_id"]), row, changes,
            lambda: access.departments(session, actor.id),
            lambda: session.execute(sa.select(descriptors).where(
                descriptors.c.project_id == row["project_id"], descriptors.c.entity_type == row["kind"])
            ).mappings().all() if row["kind"] in ("Asset", "Shot", "Edit") else None)

    def check_delete(self, actor, row):
        if row["created_by"] != actor.id:
            check_manager_project_access(actor, self.owner(row["project_id"]))

    @staticmethod
    def owner(project_id):
        """The entity's project (403 when there is none: nobody may write there)."""
        table = tables.PROJECTS.table
        project = db.current_session().execute(
            sa.select(table).where(table.c.id == tables.as_id(project_id))).mappings().first()
        if project is None:
            raise Forbidden()
        return project

    def validate(self, session, data, row=None):
        if row is None:
            return
        if isinstance(data.get("data"), dict):  # Zou merges metadata instead of replacing it
            data["data"] = {**(row["data"] or {}), **data["data"]}
        merged = {**row, **data}
        table = self.table
        clash = sa.select(table.c.id).where(
            table.c.id != row["id"], table.c.name == merged["name"],
            table.c.project_id == merged["project_id"],
            table.c.entity_type_id == merged["entity_type_id"],
            table.c.parent_id.is_not_distinct_from(merged["parent_id"]))
        if session.execute(clash.limit(1)).first():
            raise WrongParameter("An entity with this name already exists for this parent.")


@functools.cache
def casting_arrays(entities, links):
    """Statements that keep an entity row's casting arrays in step with one link added or removed
    (built once: compiled once)."""
    def change(column, add):
        function = sa.func.array_append if add else sa.func.array_remove
        return function(sa.func.coalesce(column, sa.text("'{}'::uuid[]")), sa.bindparam("other_id"))

    def update(add):
        row = entities.c.id == sa.bindparam("row_id")
        return (sa.update(entities).where(row).values(
                    entities_out=change(entities.c.entities_out, add),
                    nb_entities_out=sa.func.coalesce(entities.c.nb_entities_out, 0) + (1 if add else -1)),
                sa.update(entities).where(row).values(entities_in=change(entities.c.entities_in, add)))

    ends = sa.select(links.c.entity_in_id, links.c.entity_out_id).where(links.c.id == sa.bindparam("row_id"))
    return {True: update(True), False: update(False), "ends": ends}


class EntityLinks(Collection):
    """Links also maintain the casting arrays of both entities' rows (entities_out / entities_in,
    nb_entities_out): derived data, rebuilt from the same events."""

    def project(self, session, event):
        statements = casting_arrays(tables.ENTITIES.table, self.table)
        before = None
        if isinstance(event, Record.Deleted):
            before = session.execute(statements["ends"], {"row_id": str(event.originator_id)}).first()
        row = super().project(session, event)
        if isinstance(event, Record.Created):
            in_id, out_id, add = row["entity_in_id"], row["entity_out_id"], True
        elif before is not None:
            (in_id, out_id), add = before, False
        else:
            return row
        update_out, update_in = statements[add]
        session.execute(update_out, {"row_id": in_id, "other_id": out_id})
        session.execute(update_in, {"row_id": out_id, "other_id": in_id})
        return row

    def serialize(self, row, actor=None, relations=False):
        out = super().serialize(row, actor, relations)
        out["created_at"] = row["created_at"].replace(microsecond=0).isoformat()
        return out
