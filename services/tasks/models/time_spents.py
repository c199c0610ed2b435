"""Time spents (Zou's TimeSpent): who logged how long on which task and day (one row per person,
task and day), and the TimeSpent model part: logging time, its CRUD, and what a day off or a
task's removal wipes. Reading timesheets: views/timesheets.py.

Every change keeps the task's `duration` as the sum of its time spents, in the same transaction
(the Task aggregate publishes `task:update`). Writes on one task take a lock on it, so that two
people logging time on the same task queue instead of failing."""
import functools
import uuid

import sqlalchemy as sa
from eventsourcing.application import AggregateNotFoundError

from shared import permissions
from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import Date, Float, Uuid
from shared.errors import NotFound
from shared.eventstore import command

from .. import access
from ..domain import TimeSpent
from ..replicas import PERSONS, PROJECTS, metadata
from ..rules.ids import found_id
from ..rules.time_tracking import answering, parse_day, parse_duration
from .records import AdminCollection, delete_record, update_record
from .tasks import TASKS

TIME_SPENTS = AdminCollection("time-spents", "TimeSpent", TimeSpent, "time_spent", metadata, {
    "duration": Float(nullable=False), "date": Date(nullable=False, index=True),
    "task_id": Uuid(index=True, references="task"), "person_id": Uuid(index=True),
    "project_id": Uuid(hidden=True, protected=True)},  # routes its events by project
    unique_together=[("person_id", "task_id", "date")])
sa.Index("ix_time_spent_person_date", TIME_SPENTS.table.c.person_id, TIME_SPENTS.table.c.date)
PROJECT_KEYS = ("team", "team_roles", "is_bot_collaboration_enabled")  # what a project says of time logging


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


def task_and_project(session, task_id):
    """The task and what its project (replica) says of time logging, in one read: 404 when
    either is unknown."""
    row = session.execute(statements()["task"], {"task_id": found_id(task_id)}).mappings().first()
    if row is None:
        raise NotFound()
    return ({key: row[key] for key in TASKS.table.c.keys()},
            {key: row[f"project_{key}"] for key in PROJECT_KEYS})


# Logging time reads the day's row and the task's total after taking the task's lock: at READ
# COMMITTED those reads see what the writer before it committed (at REPEATABLE READ the snapshot
# predates the lock, and the second writer would fail and run again instead of queueing)
time_command = command(isolation="READ COMMITTED")


class TimeSpents(Model):
    collection = TIME_SPENTS

    # -- logging time ---------------------------------------------------------------------------
    @answers("set_time_spent")
    @time_command
    def set_day(self, actor, task_id, date, person_id, body, add=False):
        """POST …/time-spents/{date}/persons/{person_id}[/add]: the day's duration, set or added."""
        actor = Actor(actor)
        task, person_id, day, row, duration = self.logged_day(actor, task_id, date, person_id, body, setting=True)
        if row is None:
            answer = self.crud.save_new(TIME_SPENTS, actor, {
                "duration": duration, "date": day, "task_id": task["id"], "person_id": person_id,
                "project_id": task["project_id"]})
        else:
            row.update(update_record(self.platform, TIME_SPENTS, row["id"],
                                     {"duration": duration + row["duration"] if add else duration}, actor.id))
            answer = TIME_SPENTS.serialize(row)
        self.refresh_task_duration(actor.id, task["id"])
        return answer

    @answers("delete_time_spent")
    @time_command
    def delete_day(self, actor, task_id, date, person_id):
        """DELETE …/time-spents/{date}/persons/{person_id}: answers the removed row (Zou: 201)."""
        actor = Actor(actor)
        task, person_id, day, row, _ = self.logged_day(actor, task_id, date, person_id)
        if row is None:
            raise NotFound()
        delete_record(self.platform, TIME_SPENTS, row["id"], actor.id)
        self.refresh_task_duration(actor.id, task["id"])
        return {**TIME_SPENTS.serialize(row), "duration": 0}  # Zou zeroes the row before answering it

    def logged_day(self, actor, task_id, date, person_id, body=None, setting=False):
        """(task, person id, day, the day's row or None, duration) of a logging route, checked in
        Zou's order, the task locked; `setting` time reads the body's duration and lets the project's
        bots log time."""
        session = self.session
        task, project = task_and_project(session, task_id)
        person_id = person_row(session, person_id, project if setting else None)["id"]
        duration = parse_duration(body) if setting else None
        permissions.check_time_spent_access(actor, project, task, person_id)
        with answering("Invalid date format."):
            day = parse_day(date).isoformat()
        self.lock(task["id"])
        return task, person_id, day, self.day_row(task["id"], person_id, day), duration

    # -- the generic CRUD (admins), keeping the task's duration ----------------------------------
    @command
    def create(self, actor, body):
        row = super().create(actor, body)
        self.refresh_task_duration(Actor(actor).id, row["task_id"])
        return row

    @command
    def update(self, actor, instance_id, body):
        row = super().update(actor, instance_id, body)
        self.refresh_task_duration(Actor(actor).id, row["task_id"])
        return row

    @command
    def delete(self, actor, instance_id, query):
        """DELETE /data/time-spents/{id}: admins, or what logging time on the task allows."""
        actor = Actor(actor)
        row = self.crud.row(TIME_SPENTS, instance_id)
        task, project = task_and_project(self.session, row["task_id"])
        permissions.check_time_spent_access(actor, project, task, row["person_id"])
        delete_record(self.platform, TIME_SPENTS, row["id"], actor.id)
        self.refresh_task_duration(actor.id, row["task_id"])

    # -- what other models' changes wipe ---------------------------------------------------------
    def clear_days(self, actor_id, person_id, first_day, last_day):
        """A day off wipes the time its person logged on the days it covers (same transaction)."""
        table = TIME_SPENTS.table
        rows = self.session.execute(sa.select(table).where(
            table.c.person_id == person_id, table.c.date >= first_day,
            table.c.date <= last_day)).mappings().all()
        for row in rows:
            delete_record(self.platform, TIME_SPENTS, row["id"], actor_id)
        for task_id in sorted({row["task_id"] for row in rows if row["task_id"]}):
            self.refresh_task_duration(actor_id, task_id)

    def remove_for_task(self, session, task, actor_id):
        """Removal hook of the Tasks part: a deleted task takes its time spents along."""
        table = TIME_SPENTS.table
        for row in session.execute(sa.select(table).where(table.c.task_id == task["id"])).mappings():
            delete_record(self.platform, TIME_SPENTS, row["id"], actor_id)

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
            task = self.app.repository.get(uuid.UUID(str(task_id)))
        except (AggregateNotFoundError, ValueError):
            return  # a time spent created through the CRUD may name no task
        if not task.deleted:
            task.update({"duration": float(total)}, actor_id)
            self.crud.save(TASKS, task)
