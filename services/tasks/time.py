"""Time spents: who logged how long on which task and day (one row per person, task and day).

Every change keeps the task's `duration` as the sum of its time spents, in the same transaction
(the Task aggregate publishes `task:update`). Writes on one task take a lock on it, so that two
people logging time on the same task queue instead of failing."""
import functools
import uuid

import sqlalchemy as sa
from eventsourcing.application import AggregateNotFoundError

from shared import permissions
from shared.crud import Actor
from shared.errors import Forbidden, NotFound, WrongParameter
from shared.eventstore import command
from shared.application import UseCases

from . import access
from .collections import (ENTITIES, ENTITY_TYPES, PERSONS, PROJECTS, TASKS, TIME_SPENTS,
                          open_project_ids)
from .time_rules import (answering, day_range, month_range, parse_day, parse_duration,
                         parse_iso_day, week_range, year_range)

PROJECT_KEYS = ("team", "team_roles", "is_bot_collaboration_enabled")  # what a project says of time logging
RANGE_NEEDS_BOTH = ("If querying for a range of dates, both a `start_date` and an `end_date` "
                    "must be given.")
PERIODS = {"year": year_range, "month": month_range, "week": week_range, "day": day_range}


def found_id(value):
    """An id from a path where Zou answers 404 to anything that is not a known row."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise NotFound()


@functools.cache
def statements():
    """The reads of logging time, built once (compiled once); values come as parameters."""
    table, tasks, keys = TIME_SPENTS.table, TASKS.table, PROJECT_KEYS
    return {
        "person": sa.select(PERSONS).where(PERSONS.c.id == sa.bindparam("person_id"),
                                           PERSONS.c.replica_deleted.is_(False)),
        "task": (sa.select(tasks, *[PROJECTS.c[key].label(f"project_{key}") for key in keys])
                 .join(PROJECTS, PROJECTS.c.id == tasks.c.project_id)
                 .where(tasks.c.id == sa.bindparam("task_id"), PROJECTS.c.replica_deleted.is_(False))),
        "day": sa.select(table).where(table.c.task_id == sa.bindparam("task_id"),
                                      table.c.person_id == sa.bindparam("person_id"),
                                      table.c.date == sa.bindparam("day", type_=table.c.date.type)),
        "total": (sa.select(sa.func.coalesce(sa.func.sum(table.c.duration), 0.0))
                  .where(table.c.task_id == sa.bindparam("task_id"))),
    }


def person_row(session, person_id, project=None):
    """The person (from auth's replica), 404 when unknown or deleted; 403 for a bot (they log no
    time and have no day off), unless `project` lets bots collaborate."""
    row = session.execute(statements()["person"], {"person_id": found_id(person_id)}).mappings().first()
    if row is None:
        raise NotFound()
    access.refuse_bot(row["is_bot"], project)
    return dict(row)


def task_row(session, task_id):
    table = TASKS.table
    row = session.execute(sa.select(table).where(table.c.id == found_id(task_id))).mappings().first()
    if row is None:
        raise NotFound()
    return dict(row)


def task_and_project(session, task_id):
    """The task and what its project (replica) says of time logging, in one read: 404 when
    either is unknown."""
    row = session.execute(statements()["task"], {"task_id": found_id(task_id)}).mappings().first()
    if row is None:
        raise NotFound()
    return ({key: row[key] for key in TASKS.table.c.keys()},
            {key: row[f"project_{key}"] for key in PROJECT_KEYS})


def readable_project_ids(session, actor, person_id):
    """None when the actor reads all of the person's time (admin, the person), else the projects
    a manager or supervisor reads it in (their open productions); others are refused."""
    if actor.is_admin or actor.id == person_id:
        return None
    if actor.role not in ("manager", "supervisor"):
        raise Forbidden()
    return list(session.execute(open_project_ids(actor)).scalars())


# Logging time reads the day's row and the task's total after taking the task's lock: at READ
# COMMITTED those reads see what the writer before it committed (at REPEATABLE READ the snapshot
# predates the lock, and the second writer would fail and run again instead of queueing)
time_command = command(isolation="READ COMMITTED")


class TimeSpents(UseCases):

    def serialize(self, row):
        return TIME_SPENTS.serialize(row)

    # -- commands -------------------------------------------------------------------------------
    @time_command
    def set(self, actor, task_id, date, person_id, body, add=False):
        """POST …/time-spents/{date}/persons/{person_id}[/add]: the day's duration, set or added."""
        actor, session = Actor(actor), self.session
        task, project = task_and_project(session, task_id)
        person_id = person_row(session, person_id, project)["id"]
        duration = parse_duration(body)
        permissions.check_time_spent_access(actor, project, task, person_id)
        with answering("Invalid date format."):
            day = parse_day(date).isoformat()
        self.lock(task["id"])
        row = self.day_row(task["id"], person_id, day)
        if row is None:
            answer = self.crud.save_new(TIME_SPENTS, actor, {
                "duration": duration, "date": day, "task_id": task["id"], "person_id": person_id,
                "project_id": task["project_id"]})
        else:
            answer = self.change(actor, row, duration + row["duration"] if add else duration)
        self.refresh_task_duration(actor.id, task["id"])
        return answer

    @time_command
    def delete(self, actor, task_id, date, person_id):
        """DELETE …/time-spents/{date}/persons/{person_id}: answers the removed row (Zou: 201)."""
        actor, session = Actor(actor), self.session
        task, project = task_and_project(session, task_id)
        person_id = person_row(session, person_id)["id"]
        permissions.check_time_spent_access(actor, project, task, person_id)
        with answering("Invalid date format."):
            day = parse_day(date).isoformat()
        self.lock(task["id"])
        row = self.day_row(task["id"], person_id, day)
        if row is None:
            raise NotFound()
        self.remove(actor.id, row)
        self.refresh_task_duration(actor.id, task["id"])
        return {**self.serialize(row), "duration": 0}  # Zou zeroes the row before answering it

    @command
    def crud_create(self, actor, body):
        """POST /data/time-spents (admins): the generic create, then the task's duration."""
        row = self.crud.create(TIME_SPENTS.name, actor, body)
        self.refresh_task_duration(Actor(actor).id, row["task_id"])
        return row

    @command
    def crud_update(self, actor, instance_id, body):
        row = self.crud.update(TIME_SPENTS.name, actor, instance_id, body)
        self.refresh_task_duration(Actor(actor).id, row["task_id"])
        return row

    @command
    def crud_delete(self, actor, instance_id):
        """DELETE /data/time-spents/{id}: admins, or what logging time on the task allows."""
        actor = Actor(actor)
        row = self.crud.row(TIME_SPENTS, instance_id)
        task, project = task_and_project(self.session, row["task_id"])
        permissions.check_time_spent_access(actor, project, task, row["person_id"])
        self.remove(actor.id, row)
        self.refresh_task_duration(actor.id, row["task_id"])

    def clear_days(self, actor_id, person_id, first_day, last_day):
        """A day off wipes the time its person logged on the days it covers (same transaction)."""
        table = TIME_SPENTS.table
        rows = self.session.execute(sa.select(table).where(
            table.c.person_id == person_id, table.c.date >= first_day,
            table.c.date <= last_day)).mappings().all()
        for row in rows:
            self.remove(actor_id, dict(row))
        for task_id in sorted({row["task_id"] for row in rows if row["task_id"]}):
            self.refresh_task_duration(actor_id, task_id)

    def remove_for_task(self, session, task, actor_id):
        """Removal hook of the tasks area: a deleted task takes its time spents along."""
        table = TIME_SPENTS.table
        for row in session.execute(sa.select(table).where(table.c.task_id == task["id"])).mappings():
            self.remove(actor_id, dict(row))

    def change(self, actor, row, duration):
        aggregate = self.platform.app.repository.get(uuid.UUID(row["id"]))
        aggregate.update({"duration": duration}, actor.id)
        row.update(self.crud.save(TIME_SPENTS, aggregate) or {})
        return self.serialize(row)

    def remove(self, actor_id, row):
        aggregate = self.platform.app.repository.get(uuid.UUID(row["id"]))
        aggregate.delete(actor_id)
        self.crud.save(TIME_SPENTS, aggregate)

    def day_row(self, task_id, person_id, day):
        """The person's time on the task that day (one row at most), or None."""
        row = self.session.execute(statements()["day"], {"task_id": task_id, "person_id": person_id,
                                                          "day": day}).mappings().first()
        return dict(row) if row else None

    def lock(self, task_id):
        self.session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                             {"key": f"time:{task_id}"})

    def refresh_task_duration(self, actor_id, task_id):
        """The task's duration is the sum of its time spents; a change publishes `task:update`."""
        total = self.session.execute(statements()["total"], {"task_id": task_id}).scalar()
        try:
            task = self.platform.app.repository.get(uuid.UUID(str(task_id)))
        except (AggregateNotFoundError, ValueError):
            return  # a time spent created through the CRUD may name no task
        if not task.deleted:
            task.update({"duration": float(total)}, actor_id)
            self.crud.save(TASKS, task)

    # -- queries --------------------------------------------------------------------------------
    def rows(self, *conditions, project_ids=None):
        table = TIME_SPENTS.table
        query = sa.select(table).where(*conditions)
        if project_ids is not None:
            query = query.join(TASKS.table, TASKS.table.c.id == table.c.task_id).where(
                TASKS.table.c.project_id.in_(project_ids))
        return self.session.execute(query.order_by(table.c.date, table.c.created_at)).mappings().all()

    def for_task(self, actor, task_id, date=None):
        """GET /actions/tasks/{id}/time-spents[/{date}]: {"total", <person_id>: [rows]}."""
        actor, session = Actor(actor), self.session
        task = task_row(session, task_id)
        access.check_task_access(session, actor, task)
        conditions = [TIME_SPENTS.table.c.task_id == task["id"]]
        if date is not None:
            with answering("Wrong date format."):
                conditions.append(TIME_SPENTS.table.c.date == parse_day(date))
        answer = {"total": 0}
        for row in self.rows(*conditions):
            answer.setdefault(row["person_id"], []).append(self.serialize(row))
            answer["total"] += row["duration"]
        return answer

    def task_type_range(self, actor, project_id, task_type_id, query):
        """GET /data/projects/{id}/task-types/{id}/time-spents[?start_date][&end_date]: the time
        logged on the project's tasks of that type, {person_id: [rows]}, for admins and the
        team's managers (an unknown project or type has none: {})."""
        actor, session = Actor(actor), self.session
        project_id, task_type_id = found_id(project_id), found_id(task_type_id)
        if not actor.is_admin:
            access.check_manager_project_access(actor, access.project_row(session, project_id))
        start, end = query.get("start_date"), query.get("end_date")
        table, tasks = TIME_SPENTS.table, TASKS.table
        conditions = [tasks.c.project_id == project_id, tasks.c.task_type_id == task_type_id]
        with answering(f"Wrong date format for {start} and/or {end}"):
            if start:
                conditions.append(table.c.date >= parse_iso_day(start))
            if end:
                conditions.append(table.c.date <= parse_iso_day(end))
        answer = {}
        for row in session.execute(sa.select(table).join(tasks, tasks.c.id == table.c.task_id)
                                   .where(*conditions).order_by(table.c.date, table.c.created_at)).mappings():
            answer.setdefault(row["person_id"], []).append(self.serialize(row))
        return answer

    def person_day(self, actor, person_id, date, message="Invalid month or year."):
        """GET /data/persons/{id}/time-spents/{date}."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        project_ids = readable_project_ids(session, actor, person_id)
        with answering(message):
            day = parse_day(date)
        return [self.serialize(row) for row in self.rows(
            TIME_SPENTS.table.c.person_id == person_id, TIME_SPENTS.table.c.date == day,
            project_ids=project_ids)]

    def person_range(self, actor, person_id, query):
        """GET /data/persons/{id}/time-spents?start_date&end_date (Zou: [] without a range)."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        return self.range(person_id, query, readable_project_ids(session, actor, person_id))

    def range(self, person_id, query, project_ids=None):
        start, end = query.get("start_date"), query.get("end_date")
        if not start and not end:
            return []  # Zou looks for rows without a date
        if not (start and end):
            raise WrongParameter(RANGE_NEEDS_BOTH)
        with answering(f"Wrong date format for {start} and/or {end}"):
            start, end = parse_iso_day(start), parse_iso_day(end)
        table, tasks = TIME_SPENTS.table, TASKS.table
        statement = (sa.select(table, tasks.c.project_id.label("task_project_id"), tasks.c.task_type_id)
                     .join(tasks, tasks.c.id == table.c.task_id)
                     .where(table.c.person_id == person_id, table.c.date.between(start, end)))
        if project_ids is not None:
            statement = statement.where(tasks.c.project_id.in_(project_ids))
        return [{**self.serialize(row), "project_id": row["task_project_id"],
                 "task_type_id": row["task_type_id"]}
                for row in self.session.execute(statement.order_by(table.c.date)).mappings()]

    def person_period(self, actor, person_id, period, values, query):
        """GET /data/persons/{id}/time-spents/{year|month|week|day}/…: durations summed per task,
        with the names a timesheet shows."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        project_ids = readable_project_ids(session, actor, person_id)
        wanted = query.get("project_id")
        if wanted:
            if project_ids is not None and wanted not in project_ids:
                raise Forbidden()
            project_ids = [wanted]
        message = "Invalid date format." if period in ("year", "month") else "Invalid month or year."
        with answering(message):
            start, end = PERIODS[period](*values)
        return self.task_totals(person_id, start, end, project_ids)

    def task_totals(self, person_id, start, end, project_ids):
        spent, tasks, projects = TIME_SPENTS.table, TASKS.table, PROJECTS
        entity, kind = ENTITIES.alias("entity"), ENTITY_TYPES
        sequence, episode = ENTITIES.alias("sequence"), ENTITIES.alias("episode")
        statement = (
            sa.select(tasks.c.id, tasks.c.task_type_id, projects.c.id.label("project_id"),
                      projects.c.name.label("project_name"), entity.c.name.label("entity_name"),
                      kind.c.name.label("entity_type_name"), sequence.c.name.label("sequence_name"),
                      episode.c.name.label("episode_name"), sa.func.sum(spent.c.duration).label("duration"))
            .select_from(spent)
            .join(tasks, tasks.c.id == spent.c.task_id)
            .join(projects, projects.c.id == tasks.c.project_id)
            .join(entity, entity.c.id == tasks.c.entity_id)
            .outerjoin(kind, kind.c.id == entity.c.entity_type_id)
            .outerjoin(sequence, sequence.c.id == entity.c.parent_id)
            .outerjoin(episode, episode.c.id == sequence.c.parent_id)
            .where(spent.c.person_id == person_id, spent.c.date >= start, spent.c.date < end)
            .group_by(tasks.c.id, tasks.c.task_type_id, projects.c.id, projects.c.name, entity.c.name,
                      kind.c.name, sequence.c.name, episode.c.name))
        if project_ids is not None:
            statement = statement.where(tasks.c.project_id.in_(project_ids))
        return [{"task_id": row.id, "task_type_id": row.task_type_id, "project_id": row.project_id,
                 "project_name": row.project_name, "entity_name": row.entity_name,
                 "entity_type_name": row.entity_type_name, "sequence_name": row.sequence_name,
                 "episode_name": row.episode_name, "duration": row.duration}
                for row in self.session.execute(statement)]

    def person_month_all(self, actor, person_id, year, month):
        """GET /data/persons/{id}/time-spents/month/all/{year}/{month}: the month's rows."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        if not (actor.is_admin or actor.id == person_id):
            raise Forbidden()
        with answering("Invalid month or year."):
            start, end = month_range(year, month)
        table = TIME_SPENTS.table
        return [self.serialize(row) for row in self.rows(
            table.c.person_id == person_id, table.c.date >= start, table.c.date < end)]

    # -- the logged-in person (/data/user/…) ---------------------------------------------------------
    def user_range(self, actor, query):
        return self.range(Actor(actor).id, query)

    def user_day(self, actor, date):
        with answering("Wrong date format."):
            day = parse_day(date)
        return [self.serialize(row) for row in self.rows(
            TIME_SPENTS.table.c.person_id == Actor(actor).id, TIME_SPENTS.table.c.date == day)]

    def user_task_day(self, actor, task_id, date):
        """The caller's time spent on a task that day, or null."""
        with answering("Wrong date format."):
            day = parse_day(date)
        table = TIME_SPENTS.table
        rows = self.rows(table.c.person_id == Actor(actor).id, table.c.task_id == found_id(task_id),
                         table.c.date == day)
        return self.serialize(rows[0]) if rows else None
