"""Planning of a project: its schedule items (one per task type and sequence, episode, asset
type or edit, created the first time they are asked for, as Zou does) and the task links of its
production schedule versions (alternative schedules)."""
import datetime
import uuid

import sqlalchemy as sa

from shared.eventstore import command
from shared.serialization import isoformat
from shared.permissions import check_manager_project_access, check_project_reader

from .collections import (ENTITIES, ENTITY_TYPES, PRODUCTION_SCHEDULE_VERSION_TASK_LINKS,
                          PRODUCTION_SCHEDULE_VERSIONS, SCHEDULE_ITEMS)
from .domain import ProductionScheduleVersionTaskLink, ScheduleItem
from .project_area import ProjectArea, required, uuid_arg

ITEM_KEYS = ("id", "start_date", "end_date", "man_days", "project_id", "task_type_id", "object_id")
LINK_COPY = ("task_id", "start_date", "due_date", "estimation", "assignees")


class SchedulesApp(ProjectArea):
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
            kind = {"sequences": "Sequence", "episodes": "Episode", "edits": "Edit"}[of]
            query = sa.select(entity.c.id, entity.c.name).where(entity.c.project_id == project_id,
                                                                entity.c.kind == kind)
        return self.session.execute(query).all()

    @command
    def task_type_items(self, actor, project_id, task_type_id, of):
        """GET …/schedule-items/{task_type_id}/<sequences|episodes|asset-types|edits>: one item per
        object, the missing ones created (from the project's start, one day long). Not for the
        team's vendors."""
        actor, project = self.actor(actor), self.project(project_id)
        check_project_reader(actor, project, blocked=("vendor",))
        task_type_id = uuid_arg(task_type_id)
        names = dict(self.objects(project["id"], of))
        table = SCHEDULE_ITEMS.table
        planned = sa.select(table).where(table.c.project_id == project["id"], table.c.task_type_id == task_type_id,
                                         table.c.object_id.in_(list(names)))
        existing = {row["object_id"]: dict(row) for row in self.session.execute(planned).mappings()}
        start = project["start_date"] or datetime.date.today()
        created = [ScheduleItem.create(SCHEDULE_ITEMS.with_defaults({
            "project_id": project["id"], "task_type_id": task_type_id, "object_id": object_id,
            "start_date": isoformat(start), "end_date": isoformat(start + datetime.timedelta(days=1))}),
            actor.id)
            for object_id in names if object_id not in existing]
        if created:
            self.crud.save_many([(SCHEDULE_ITEMS, item) for item in created])
            existing = {row["object_id"]: dict(row) for row in self.session.execute(planned).mappings()}
        items = sorted(existing.values(), key=lambda row: names[row["object_id"]])
        return [{**{key: isoformat(row[key]) if "date" in key else row[key] for key in ITEM_KEYS},
                 "name": names[row["object_id"]]} for row in items]

    # -- production schedule versions -----------------------------------------------------------
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

    def version_task_links(self, actor, version_id):
        """GET /data/production-schedule-versions/{id}/task-links."""
        actor, version = self.version(actor, version_id)
        return [PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.serialize(row, actor, relations=True)
                for row in self.links_of(version["id"])]

    @command
    def copy_version_links(self, actor, version_id, body):
        """POST /actions/production-schedule-versions/{id}/set-task-links-from-production-schedule-version
        {production_schedule_version_id}: the other version's task links replace this one's."""
        actor, version = self.version(actor, version_id, manager=True)
        source = self.crud.row(PRODUCTION_SCHEDULE_VERSIONS, uuid_arg(
            required(body, "production_schedule_version_id")["production_schedule_version_id"]))
        current = {row["task_id"]: row for row in self.links_of(version["id"])}
        records = []
        for link in self.links_of(source["id"]):
            values = {key: PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.fields[key].dump(link[key]) for key in LINK_COPY}
            if link["task_id"] in current:
                record = self.platform.app.repository.get(uuid.UUID(current.pop(link["task_id"])["id"]))
                record.update(values, actor.id)
            else:
                record = ProductionScheduleVersionTaskLink.create(
                    PRODUCTION_SCHEDULE_VERSION_TASK_LINKS.with_defaults(
                        {**values, "production_schedule_version_id": version["id"]}), actor.id)
            records.append(record)
        for row in current.values():
            record = self.platform.app.repository.get(uuid.UUID(row["id"]))
            record.delete(actor.id)
            records.append(record)
        self.crud.save_many([(PRODUCTION_SCHEDULE_VERSION_TASK_LINKS, record) for record in records])
        return {"success": True, "task_link_count": len(self.links_of(version["id"]))}
