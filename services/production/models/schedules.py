"""Planning of a project: milestones, schedule items (one per task type and sequence, episode,
asset type or edit, created the first time they are asked for, as Zou does) and production
schedule versions (alternative schedules) with their task links."""
import uuid

import sqlalchemy as sa

from shared import db
from shared.application import answers
from shared.crud import Collection
from shared.crud.fields import Boolean, Date, Float, Integer, String, Uuid, UuidList
from shared.crud.store import parse_id
from shared.errors import Forbidden, NotFound, WrongParameter
from shared.eventstore import command
from shared.permissions import check_manager_project_access, check_project_reader
from shared.serialization import isoformat

from ..domain import (Milestone, ProductionScheduleVersion, ProductionScheduleVersionTaskLink,
                      ScheduleItem)
from ..replicas import metadata
from ..rules.requests import as_id, required, uuid_arg
from ..rules.schedules import PLANNED_KINDS, new_item_dates
from .entities import ENTITIES
from .entity_types import ENTITY_TYPES
from .projects import PROJECTS, ProjectPart, project_of

ITEM_KEYS = ("id", "start_date", "end_date", "man_days", "project_id", "task_type_id", "object_id")
LINK_COPY = ("start_date", "due_date", "estimation", "assignees")  # what a version copies of a task
APPLIED = ("start_date", "due_date", "estimation")  # what applying a version sets on a task


class ManagedInProject(Collection):
    """Rows of a project that its managers create and change (milestones); listed by admins
    (a project's own route lists its rows to its team)."""
    read_rule = "admin"

    def check_get(self, actor, row):
        check_project_reader(actor, project_of(row), blocked=("vendor",))

    def check_create(self, actor, data):
        if data.get("project_id") is None:
            self._require("admin", actor)
        else:
            check_manager_project_access(actor, project_of(data))

    def check_update(self, actor, row, changes):
        check_manager_project_access(actor, project_of(row))

    def check_delete(self, actor, row):
        check_manager_project_access(actor, project_of(row))


class ScheduleVersionCollection(ManagedInProject):
    """Alternative schedules of a project: listed by admins, and by the team of the project a
    list asks for (`project_id`), never by its vendors and clients (nor read by them); written by
    the project's managers."""

    def check_list(self, actor, filters):
        if filters.get("project_id"):
            check_project_reader(actor, project_of({"project_id": parse_id(filters["project_id"])}),
                                 blocked=("vendor", "client"))
        elif not actor.is_admin:
            raise Forbidden()

    def check_get(self, actor, row):
        check_project_reader(actor, project_of(row), blocked=("vendor", "client"))

    def scope(self, actor, query):
        if actor.is_admin:
            return query
        return query.where(self.project_column().in_(
            sa.select(PROJECTS.table.c.id).where(PROJECTS.table.c.team.any(actor.id))))

    def project_column(self):
        return self.table.c.project_id


class ScheduleVersionTaskLinkCollection(ScheduleVersionCollection):
    """A task's dates in a schedule version: rules of the version's project."""

    def project_column(self):
        versions = PRODUCTION_SCHEDULE_VERSIONS.table
        return sa.select(versions.c.project_id).where(
            versions.c.id == self.table.c.production_schedule_version_id).scalar_subquery()

    def check_get(self, actor, row):
        super().check_get(actor, self.version(row))

    def check_create(self, actor, data):
        super().check_create(actor, self.version(data))

    def check_update(self, actor, row, changes):
        super().check_update(actor, self.version(row), changes)

    def check_delete(self, actor, row):
        super().check_delete(actor, self.version(row))

    @staticmethod
    def version(row):
        versions = PRODUCTION_SCHEDULE_VERSIONS.table
        version = db.current_session().execute(sa.select(versions).where(
            versions.c.id == as_id(row.get("production_schedule_version_id")))).mappings().first()
        if version is None:
            raise WrongParameter("Production schedule version not found")
        return version


MILESTONES = ManagedInProject("milestones", "Milestone", Milestone, "milestone", metadata, {
    "date": Date(), "name": String(), "project_id": Uuid(nullable=False, index=True, references="project"),
    "task_type_id": Uuid(references="task_type_replica")})
SCHEDULE_ITEMS = Collection("schedule-items", "ScheduleItem", ScheduleItem, "schedule_item", metadata, {
    "start_date": Date(), "end_date": Date(), "man_days": Integer(),
    "project_id": Uuid(nullable=False, index=True, references="project"),
    "task_type_id": Uuid(index=True, references="task_type_replica"),
    "object_id": Uuid(index=True)}, unique_together=[("project_id", "task_type_id", "object_id")])
SCHEDULE_ITEMS.read_rule = "admin"  # Zou's CRUD default: the project's route serves the team
PRODUCTION_SCHEDULE_VERSIONS = ScheduleVersionCollection(
    "production-schedule-versions", "ProductionScheduleVersion", ProductionScheduleVersion,
    "production_schedule_version", metadata, {
        "name": String(nullable=False), "project_id": Uuid(nullable=False, index=True, references="project"),
        "production_schedule_from": Uuid(references="production_schedule_version"),
        "locked": Boolean(default=False),
        "canceled": Boolean(default=False)})
PRODUCTION_SCHEDULE_VERSION_TASK_LINKS = ScheduleVersionTaskLinkCollection(
    "production-schedule-version-task-links", "ProductionScheduleVersionTaskLink",
    ProductionScheduleVersionTaskLink, "production_schedule_version_task_link", metadata, {
        "production_schedule_version_id": Uuid(nullable=False, index=True,
                                               references="production_schedule_version"),
        "task_id": Uuid(nullable=False, index=True), "start_date": Date(),
        "due_date": Date(), "estimation": Float(), "assignees": UuidList(references="person_replica")},
    unique_together=[("production_schedule_version_id", "task_id")])


class ScheduleItems(ProjectPart):
    @answers("project_schedule_items")
    def project_items(self, actor, project_id):
        """GET /data/projects/{id}/schedule-items: every item of the project, for its team but
        its clients and vendors."""
        actor, project = self.actor(actor), self.project(project_id)
        check_project_reader(actor, project, blocked=("client", "vendor"))
        table = SCHEDULE_ITEMS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.created_at, table.c.id)).mappings()
        return [SCHEDULE_ITEMS.serialize(row, actor) for row in rows]

    def objects(self, project_id, of):
        """(id, name) of what a task type is planned on: the project's sequences, episodes,
        edits, or the asset types of its assets."""
        entity, types = ENTITIES.table, ENTITY_TYPES.table
        if of == "asset-types":
            used = sa.select(entity.c.entity_type_id).where(entity.c.project_id == project_id,
                                                            entity.c.kind == "Asset")
            query = sa.select(types.c.id, types.c.name).where(types.c.id.in_(used))
        else:
            kind = PLANNED_KINDS[of]
            query = sa.select(entity.c.id, entity.c.name).where(entity.c.project_id == project_id,
                                                                entity.c.kind == kind)
        return self.session.execute(query).all()

    @answers("task_type_schedule_items")
    def task_type_items(self, actor, project_id, task_type_id, of):
        """GET …/schedule-items/{task_type_id}/<sequences|episodes|asset-types|edits>: one item per
        object, with its name. Not for the team's vendors."""
        actor, project = self.actor(actor), self.project(project_id)
        check_project_reader(actor, project, blocked=("vendor",))
        task_type_id = uuid_arg(task_type_id)
        names = dict(self.objects(project["id"], of))
        items = self.items(actor, project, [(task_type_id, object_id) for object_id in names])
        items.sort(key=lambda row: names[row["object_id"]])
        return [{**row, "name": names[row["object_id"]]} for row in items]

    @answers("task_types_schedule_items")
    def task_types_items(self, actor, project_id):
        """GET /data/projects/{id}/schedule-items/task-types: one item per task type of the
        project's settings that its tasks use (on no object). Not for the team's vendors."""
        actor, project = self.actor(actor), self.project(project_id)
        check_project_reader(actor, project, blocked=("vendor",))
        settings = set(project["task_types"] or [])
        used = self.platform.remote().call("tasks", "project_used_task_type_ids", params={"project_id": project["id"]})
        return self.items(actor, project, [(task_type_id, None) for task_type_id in used if task_type_id in settings])

    @command
    def items(self, actor, project, keys):
        """The project's items of these (task type, object) pairs, in their order; the missing ones
        are created, from today and one day long, as Zou does on first read."""
        table = SCHEDULE_ITEMS.table
        planned = sa.select(table).where(table.c.project_id == project["id"],
                                         table.c.task_type_id.in_(sorted({task_type_id for task_type_id, _ in keys})))
        existing = {(row["task_type_id"], row["object_id"]): row for row in self.session.execute(planned).mappings()}
        start, end = new_item_dates()
        created = [ScheduleItem.create(SCHEDULE_ITEMS.with_defaults({
            "project_id": project["id"], "task_type_id": task_type_id, "object_id": object_id,
            "start_date": isoformat(start), "end_date": isoformat(end)}), actor.id)
            for task_type_id, object_id in keys if (task_type_id, object_id) not in existing]
        if created:
            self.crud.save_many([(SCHEDULE_ITEMS, item) for item in created])
            existing = {(row["task_type_id"], row["object_id"]): row
                        for row in self.session.execute(planned).mappings()}
        return [{key: isoformat(row[key]) if "date" in key else row[key] for key in ITEM_KEYS}
                for row in (existing[key] for key in keys)]


class ScheduleVersionTaskLinks(ProjectPart):
    def version(self, actor, version_id, manager=False):
        """The version; its project's managers change it, its team (not vendors, clients) reads it."""
        actor = self.actor(actor)
        version = self.crud.row(PRODUCTION_SCHEDULE_VERSIONS, uuid_arg(version_id))
        project = self.project(version["project_id"])
        if manager:
            check_manager_project_access(actor, project)
        else:
            check_project_reader(actor, project, blocked=("vendor", "client"))
        return actor, version

    def links_of(self, version_id):
        table = PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.table
        return self.session.execute(sa.select(table).where(
            table.c.production_schedule_version_id == version_id).order_by(table.c.created_at, table.c.id)).mappings().all()

    @answers("schedule_version_task_links")
    def version_task_links(self, actor, production_schedule_version_id):
        """GET /data/production-schedule-versions/{id}/task-links."""
        actor, version = self.version(actor, production_schedule_version_id)
        return [PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.serialize(row, actor, relations=True)
                for row in self.links_of(version["id"])]

    def known_version(self, actor, version_id):
        """The version a path names, its project's managers acting: 404 for what is not one."""
        if as_id(version_id) is None:
            raise NotFound()
        return self.version(actor, version_id, manager=True)

    @command
    def replace_links(self, actor, version, links):
        """The version's task links become `links` ({task_id: the LINK_COPY values}): each
        changed in place or created; the version's other links go."""
        fields = PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.fields
        current = {row["task_id"]: row for row in self.links_of(version["id"])}
        records = []
        for task_id, link in links.items():
            values = {key: fields[key].parse(link[key]) for key in LINK_COPY}
            if task_id in current:
                record = self.platform.app.repository.get(uuid.UUID(current.pop(task_id)["id"]))
                record.update(values, actor.id)
            else:
                record = ProductionScheduleVersionTaskLink.create(
                    PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.with_defaults(
                        {**values, "task_id": task_id, "production_schedule_version_id": version["id"]}), actor.id)
            records.append(record)
        for row in current.values():
            record = self.platform.app.repository.get(uuid.UUID(row["id"]))
            record.delete(actor.id)
            records.append(record)
        self.crud.save_many([(PRODUCTION_SCHEDULE_VERSION_TASK_LINKS, record) for record in records])
        return len(links)

    @answers("copy_schedule_version_task_links")
    @command
    def copy_version_links(self, actor, production_schedule_version_id, body):
        """POST /actions/production-schedule-versions/{id}/set-task-links-from-production-schedule-version
        {production_schedule_version_id}: the other version's task links replace this one's."""
        actor, version = self.version(actor, production_schedule_version_id, manager=True)
        source = self.crud.row(PRODUCTION_SCHEDULE_VERSIONS, uuid_arg(
            required(body, "production_schedule_version_id")["production_schedule_version_id"]))
        fields = PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.fields
        links = {link["task_id"]: {key: fields[key].dump(link[key]) for key in LINK_COPY}
                 for link in self.links_of(source["id"])}
        return {"success": True, "task_link_count": self.replace_links(actor, version, links)}

    @answers("schedule_version_links_from_production")
    def links_from_production(self, actor, production_schedule_version_id):
        """POST /actions/production-schedule-versions/{id}/set-task-links-from-production: the
        version's task links become the dates, estimations and assignees of the project's tasks."""
        actor, version = self.known_version(actor, production_schedule_version_id)
        tasks = self.platform.remote().call("tasks", "project_task_schedules",
                                            params={"project_id": version["project_id"]})
        links = {task["task_id"]: task for task in tasks}
        return {"success": True, "task_link_count": self.replace_links(actor, version, links)}

    @answers("apply_schedule_version")
    def apply_to_production(self, actor, production_schedule_version_id):
        """POST /actions/production-schedule-versions/{id}/apply-to-production: the project's
        tasks take the version's dates and estimations (not its assignees), and the project
        remembers the version it comes from."""
        actor, version = self.known_version(actor, production_schedule_version_id)
        fields = PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.fields
        schedule = {link["task_id"]: {key: fields[key].dump(link[key]) for key in APPLIED}
                    for link in self.links_of(version["id"])}
        count = self.platform.remote().call("tasks", "schedule_tasks", params={"project_id": version["project_id"]},
                                            body=schedule)
        self.mark_applied(actor, version)
        return {"success": True, "task_count": count}

    @command
    def mark_applied(self, actor, version):
        self.change(PROJECTS, self.project(version["project_id"]), {"from_schedule_version_id": version["id"]}, actor)
