"""Timesheets: the time spents of a task, a task type, a person (a day, a range, a period, per
task), the logged-in person's, a production's or an entity's, and the studio tables (total per
person and year, month, week or day), each answered by one query."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import Forbidden, WrongParameter
from shared.sqlblocks import Lineage

from .. import access
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS, task_row
from ..models.time_spents import TIME_SPENTS, person_row
from ..replicas import ENTITIES, ENTITY_TYPES, PROJECTS, open_project_ids
from ..rules.ids import checked_id, found_id
from ..rules.time_tracking import (answering, day_range, month_range, parse_day, parse_iso_day,
                                   week_range, year_range)

RANGE_NEEDS_BOTH = ("If querying for a range of dates, both a `start_date` and an `end_date` "
                    "must be given.")
PERIODS = {"year": year_range, "month": month_range, "week": week_range, "day": day_range}
# table -> (the date part its columns are, the period its path names)
TABLES = {"year": ("year", None), "month": ("month", year_range), "week": ("week", year_range),
          "day": ("day", month_range)}
SPENT, TASK = TIME_SPENTS.table, TASKS.table


def serialize(row):
    return TIME_SPENTS.serialize(row)


def readable_project_ids(session, actor, person_id):
    """None when the actor reads all of the person's time (admin, the person), else the projects
    a manager or supervisor reads it in (their open productions); others are refused."""
    if actor.is_admin or actor.id == person_id:
        return None
    if actor.role not in ("manager", "supervisor"):
        raise Forbidden()
    return list(session.execute(open_project_ids(actor)).scalars())


class Timesheets(UseCases):

    def rows(self, *conditions, project_ids=None):
        query = sa.select(SPENT).where(*conditions)
        if project_ids is not None:
            query = query.join(TASK, TASK.c.id == SPENT.c.task_id).where(TASK.c.project_id.in_(project_ids))
        return self.session.execute(query.order_by(SPENT.c.date, SPENT.c.created_at)).mappings().all()

    # -- a task's, a task type's ----------------------------------------------------------------
    @answers("task_time_spents")
    def for_task(self, actor, task_id, date=None):
        """GET /actions/tasks/{id}/time-spents[/{date}]: {"total", <person_id>: [rows]}."""
        actor, session = Actor(actor), self.session
        task = task_row(session, task_id)
        access.check_task_access(session, actor, task)
        conditions = [SPENT.c.task_id == task["id"]]
        if date is not None:
            with answering("Wrong date format."):
                conditions.append(SPENT.c.date == parse_day(date))
        answer = {"total": 0}
        for row in self.rows(*conditions):
            answer.setdefault(row["person_id"], []).append(serialize(row))
            answer["total"] += row["duration"]
        return answer

    @answers("task_type_time_spents")
    def task_type_range(self, actor, project_id, task_type_id, query):
        """GET /data/projects/{id}/task-types/{id}/time-spents[?start_date][&end_date]: the time
        logged on the project's tasks of that type, {person_id: [rows]}, for admins and the
        team's managers (an unknown project or type has none: {})."""
        actor, session = Actor(actor), self.session
        project_id, task_type_id = found_id(project_id), found_id(task_type_id)
        if not actor.is_admin:
            access.check_manager_project_access(actor, access.project_row(session, project_id))
        start, end = query.get("start_date"), query.get("end_date")
        conditions = [TASK.c.project_id == project_id, TASK.c.task_type_id == task_type_id]
        with answering(f"Wrong date format for {start} and/or {end}"):
            if start:
                conditions.append(SPENT.c.date >= parse_iso_day(start))
            if end:
                conditions.append(SPENT.c.date <= parse_iso_day(end))
        answer = {}
        for row in session.execute(sa.select(SPENT).join(TASK, TASK.c.id == SPENT.c.task_id)
                                   .where(*conditions).order_by(SPENT.c.date, SPENT.c.created_at)).mappings():
            answer.setdefault(row["person_id"], []).append(serialize(row))
        return answer

    # -- a person's -----------------------------------------------------------------------------
    @answers("person_day_time_spents")
    def person_day(self, actor, person_id, date):
        """GET /data/persons/{id}/time-spents/{date}."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        project_ids = readable_project_ids(session, actor, person_id)
        with answering("Invalid month or year."):
            day = parse_day(date)
        return [serialize(row) for row in self.rows(
            SPENT.c.person_id == person_id, SPENT.c.date == day, project_ids=project_ids)]

    @answers("person_time_spents")
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
        statement = (sa.select(SPENT, TASK.c.project_id.label("task_project_id"), TASK.c.task_type_id)
                     .join(TASK, TASK.c.id == SPENT.c.task_id)
                     .where(SPENT.c.person_id == person_id, SPENT.c.date.between(start, end)))
        if project_ids is not None:
            statement = statement.where(TASK.c.project_id.in_(project_ids))
        return [{**serialize(row), "project_id": row["task_project_id"], "task_type_id": row["task_type_id"]}
                for row in self.session.execute(statement.order_by(SPENT.c.date)).mappings()]

    @answers("person_period_time_spents")
    def person_period(self, actor, person_id, period, query, year=None, month=None, week=None, day=None):
        """GET /data/persons/{id}/time-spents/{year|month|week|day}/…: durations summed per task,
        with the names a timesheet shows (the route's fixed `period` names the segments)."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        project_ids = readable_project_ids(session, actor, person_id)
        wanted = query.get("project_id")
        if wanted:
            if project_ids is not None and wanted not in project_ids:
                raise Forbidden()
            project_ids = [wanted]
        message = "Invalid date format." if period in ("year", "month") else "Invalid month or year."
        values = [value for value in (year, month, week, day) if value is not None]
        with answering(message):
            start, end = PERIODS[period](*values)
        return self.task_totals(person_id, start, end, project_ids)

    def task_totals(self, person_id, start, end, project_ids):
        entity, kind = ENTITIES.alias("entity"), ENTITY_TYPES
        lineage = Lineage(ENTITIES, entity)
        sequence, episode = lineage.parent, lineage.grandparent
        joined = (SPENT.join(TASK, TASK.c.id == SPENT.c.task_id)
                  .join(PROJECTS, PROJECTS.c.id == TASK.c.project_id)
                  .join(entity, entity.c.id == TASK.c.entity_id)
                  .outerjoin(kind, kind.c.id == entity.c.entity_type_id))
        statement = (
            sa.select(TASK.c.id, TASK.c.task_type_id, PROJECTS.c.id.label("project_id"),
                      PROJECTS.c.name.label("project_name"), entity.c.name.label("entity_name"),
                      kind.c.name.label("entity_type_name"), sequence.c.name.label("sequence_name"),
                      episode.c.name.label("episode_name"), sa.func.sum(SPENT.c.duration).label("duration"))
            .select_from(lineage.join(joined))
            .where(SPENT.c.person_id == person_id, SPENT.c.date >= start, SPENT.c.date < end)
            .group_by(TASK.c.id, TASK.c.task_type_id, PROJECTS.c.id, PROJECTS.c.name, entity.c.name,
                      kind.c.name, sequence.c.name, episode.c.name))
        if project_ids is not None:
            statement = statement.where(TASK.c.project_id.in_(project_ids))
        return [{"task_id": row.id, "task_type_id": row.task_type_id, "project_id": row.project_id,
                 "project_name": row.project_name, "entity_name": row.entity_name,
                 "entity_type_name": row.entity_type_name, "sequence_name": row.sequence_name,
                 "episode_name": row.episode_name, "duration": row.duration}
                for row in self.session.execute(statement)]

    @answers("person_month_all_time_spents")
    def person_month_all(self, actor, person_id, year, month):
        """GET /data/persons/{id}/time-spents/month/all/{year}/{month}: the month's rows."""
        actor, session = Actor(actor), self.session
        person_id = person_row(session, person_id)["id"]
        if not (actor.is_admin or actor.id == person_id):
            raise Forbidden()
        with answering("Invalid month or year."):
            start, end = month_range(year, month)
        return [serialize(row) for row in self.rows(
            SPENT.c.person_id == person_id, SPENT.c.date >= start, SPENT.c.date < end)]

    # -- the logged-in person (/data/user/…) -----------------------------------------------------
    @answers("user_time_spents")
    def user_range(self, actor, query):
        return self.range(Actor(actor).id, query)

    @answers("user_day_time_spents")
    def user_day(self, actor, date):
        with answering("Wrong date format."):
            day = parse_day(date)
        return [serialize(row) for row in self.rows(SPENT.c.person_id == Actor(actor).id, SPENT.c.date == day)]

    @answers("user_task_time_spent")
    def user_task_day(self, actor, task_id, date):
        """The caller's time spent on a task that day, or null."""
        with answering("Wrong date format."):
            day = parse_day(date)
        rows = self.rows(SPENT.c.person_id == Actor(actor).id, SPENT.c.task_id == found_id(task_id),
                         SPENT.c.date == day)
        return serialize(rows[0]) if rows else None

    # -- a production's, an entity's, the studio tables -----------------------------------------
    def listed(self, *conditions):
        return [serialize(row) for row in self.rows(*conditions)]

    @answers("project_time_spents")
    def project_time_spents(self, actor, project_id):
        """GET /data/projects/{id}/time-spents: every time spent on the production's tasks, for
        its team but its clients."""
        project = access.project_row(self.session, project_id)
        access.check_project_reader(Actor(actor), project, blocked=("client",))
        return self.listed(SPENT.c.project_id == project["id"])

    @answers("project_month_time_spents")
    def project_months(self, actor, project_id):
        """GET /data/projects/{id}/budgets/time-spents: what a budget is compared with, the
        production's time per department (its task type's), person and month, with totals:
        {department_id: {"total", person_id: {"total", "YYYY-MM": minutes}}}. Admins only (an
        unknown project has none)."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        types = TASK_TYPES.table
        department, month = types.c.department_id, sa.func.to_char(SPENT.c.date, "YYYY-MM")
        query = (sa.select(department, SPENT.c.person_id, month, sa.func.sum(SPENT.c.duration))
                 .select_from(SPENT.join(TASK, TASK.c.id == SPENT.c.task_id)
                              .join(types, types.c.id == TASK.c.task_type_id))
                 .where(TASK.c.project_id == checked_id(project_id, "Wrong UUID format."), department.isnot(None))
                 .group_by(department, SPENT.c.person_id, month).order_by(department, SPENT.c.person_id, month))
        answer = {}
        for department_id, person_id, period, minutes in self.session.execute(query):
            totals = answer.setdefault(department_id, {"total": 0})
            person = totals.setdefault(person_id, {"total": 0})
            totals["total"] += minutes
            person["total"] += minutes
            person[period] = minutes
        return answer

    @answers("entity_time_spents")
    def entity_time_spents(self, actor, entity_id):
        """GET /data/entities/{id}/time-spents: every time spent on the entity's tasks."""
        actor, entity = Actor(actor), access.entity_row(self.session, entity_id)
        access.check_entity_read(self.session, actor, entity)
        return self.listed(SPENT.c.task_id.in_(sa.select(TASK.c.id).where(TASK.c.entity_id == entity["id"])))

    @answers("time_spents_table")
    def table(self, actor, table, query, year=None, month=None):
        """GET /data/persons/time-spents/{kind}-table/…: {period number: {person_id: total}} (the
        route's fixed `table` names the kind). Admins see everyone, managers and supervisors
        their open productions, others themself; `project_id` narrows to one production."""
        actor = Actor(actor)
        part, period = TABLES[table]
        column = sa.cast(sa.extract(part, SPENT.c.date), sa.Integer).label("period")
        statement = (sa.select(column, SPENT.c.person_id, sa.func.sum(SPENT.c.duration))
                     .group_by(column, SPENT.c.person_id))
        if period is not None:
            with answering("Invalid month or year."):
                start, end = period(*[value for value in (year, month) if value is not None])
            statement = statement.where(SPENT.c.date >= start, SPENT.c.date < end)
        if actor.role in ("manager", "supervisor"):
            statement = statement.where(SPENT.c.project_id.in_(open_project_ids(actor).scalar_subquery()))
        elif not actor.is_admin:
            statement = statement.where(SPENT.c.person_id == actor.id)
        if query.get("project_id"):
            statement = statement.where(SPENT.c.project_id == parse_id(query["project_id"]))
        answer = {}
        for number, person_id, total in self.session.execute(statement):
            answer.setdefault(str(number), {})[person_id] = total
        return answer
