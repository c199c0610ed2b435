"""Studio-wide task views: the open tasks pool (with its stats), the tasks waiting for feedback,
the persons' task dates (team schedule) and a person's related tasks."""
import datetime

import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import integer, parse_id
from shared.errors import Forbidden, WrongParameter
from shared.serialization import isoformat

from .. import access
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import ENTITIES, PERSONS, PROJECTS, open_project_ids
from ..rules.ids import checked_id
from ..rules.schedules import merged
from . import task_queries as queries
from .task_queries import EPISODE, NAME_ORDER

TASK, TASK_TYPE, TASK_STATUS = TASKS.table, TASK_TYPES.table, TASK_STATUSES.table


def checked_date(value):
    if value is None:
        return None
    try:
        return datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise WrongParameter("Wrong date format for {}".format(value))


def pool_filters(query, args):
    """The filters shared by the open tasks and the tasks to check."""
    conditions = []
    for key, column in (("project_id", TASK.c.project_id), ("task_type_id", TASK.c.task_type_id),
                        ("task_status_id", TASK.c.task_status_id)):
        if args.get(key):
            conditions.append(column == checked_id(args[key]))
    person_id = args.get("person_id")
    if person_id == "unassigned":
        conditions.append(sa.func.coalesce(sa.func.cardinality(TASK.c.assignees), 0) == 0)
    elif person_id:
        ids = [checked_id(one) for one in person_id.split(",")]
        conditions.append(TASK.c.assignees.overlap(sa.cast(ids, TASK.c.assignees.type)))
    return query.where(*conditions)


class StudioTaskViews(UseCases):

    # -- the open tasks pool --------------------------------------------------------------------
    @answers("open_tasks")
    def open_tasks(self, actor, query):
        """GET /data/tasks/open-tasks: tasks of the open projects (a project the caller may see
        with `project_id`), 100 per page, with the stats of the whole pool."""
        actor, args = Actor(actor), query
        limit = max(integer(args, "limit", 100, minimum=0), 1)
        page = integer(args, "page", 0, minimum=0) or None
        query = self.pool(actor, queries.enriched_query(with_comment=False), args)
        rows = self.session.execute(query.order_by(*NAME_ORDER, TASK.c.id)
                                    .offset(((page or 1) - 1) * limit).limit(limit)).mappings().all()
        result = {"data": [], "stats": {"total_duration": 0, "total_estimation": 0, "total": 0,
                                        "status": []},
                  "limit": limit, "is_more": False, "page": page or 1}
        if not rows:
            return result
        pool = self.pool(actor, sa.select(TASK.c.id, TASK.c.duration, TASK.c.estimation,
                                          TASK.c.task_status_id)
                         .join(PROJECTS, PROJECTS.c.id == TASK.c.project_id)
                         .join(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id), args).subquery()
        stats = self.session.execute(sa.select(
            pool.c.task_status_id, sa.func.count().label("amount"),
            sa.func.sum(pool.c.duration).label("duration"), sa.func.sum(pool.c.estimation).label("estimation"))
            .group_by(pool.c.task_status_id)).all()
        total = sum(stat.amount for stat in stats)
        result.update(data=[self.open_task(row) for row in rows], is_more=(page or 1) * limit < total,
                      stats={"total_duration": sum(stat.duration or 0 for stat in stats),
                             "total_estimation": sum(stat.estimation or 0 for stat in stats),
                             "total": total,
                             "status": [{"task_status_id": stat.task_status_id, "amount": stat.amount}
                                        for stat in stats]})
        return result

    def pool(self, actor, query, args):
        project_id = args.get("project_id")
        if project_id:
            access.check_project_access(actor, access.project_row(self.session, checked_id(project_id)))
        else:
            query = query.where(TASK.c.project_id.in_(open_project_ids(actor)))
        if not args.get("task_type_id"):
            query = query.where(TASK_TYPE.c.for_entity != "Concept")
        if args.get("priority") is not None:
            query = query.where(TASK_TYPE.c.priority == integer(args, "priority", 0))
        for key, compare in (("start_date", TASK.c.start_date.__ge__), ("due_date", TASK.c.due_date.__le__)):
            if args.get(key):
                query = query.where(compare(checked_date(args[key])))
        if args.get("studio_id") or args.get("department_id"):
            column = PERSONS.c.studio_id if args.get("studio_id") else None
            person = sa.select(PERSONS.c.id).where(PERSONS.c.id == sa.any_(TASK.c.assignees))
            if column is not None:
                person = person.where(column == checked_id(args["studio_id"]))
            if args.get("department_id"):
                person = person.where(PERSONS.c.departments.any(checked_id(args["department_id"])))
            query = query.where(person.exists())
        return pool_filters(query, args)

    @staticmethod
    def open_task(row):
        task = queries.with_context(row)
        task.update(type_name=row["task_type_name"], status_name=row["task_status_name"],
                    type_color=row["task_type_color"], status_color=row["task_status_color"],
                    status_short_name=row["task_status_short_name"],
                    assignees=list(row["assignees"] or []))
        return task

    @answers("open_tasks_stats")
    def open_tasks_stats(self, actor):
        """GET /data/tasks/open-tasks/stats: per open project, the amounts by type and status."""
        actor = Actor(actor)
        query = (sa.select(TASK.c.project_id, TASK.c.task_type_id, TASK.c.task_status_id,
                           sa.func.count().label("amount"),
                           sa.func.count().filter(TASK_STATUS.c.is_done.is_(True)).label("amount_done"),
                           sa.func.sum(TASK.c.duration).label("duration"),
                           sa.func.sum(TASK.c.estimation).label("estimation"))
                 .join(TASK_TYPE, TASK_TYPE.c.id == TASK.c.task_type_id)
                 .join(TASK_STATUS, TASK_STATUS.c.id == TASK.c.task_status_id)
                 .join(ENTITIES, ENTITIES.c.id == TASK.c.entity_id)
                 .where(TASK_TYPE.c.for_entity != "Concept", TASK.c.project_id.in_(open_project_ids(actor)))
                 .group_by(TASK.c.project_id, TASK.c.task_type_id, TASK.c.task_status_id))
        stats = {}
        for row in self.session.execute(query):
            project = stats.setdefault(row.project_id, {"amount": 0, "amount_done": 0, "total_duration": 0,
                                                        "total_estimation": 0, "task_types": []})
            entry = {"task_status_id": row.task_status_id, "task_type_id": row.task_type_id,
                     "project_id": row.project_id, "amount": row.amount, "amount_done": row.amount_done,
                     "total_duration": row.duration, "total_estimation": row.estimation}
            project["task_types"].append(entry)
            project["amount"] += row.amount
            project["amount_done"] += row.amount_done
            project["total_duration"] += row.duration or 0
            project["total_estimation"] += row.estimation or 0
        return stats

    # -- tasks waiting for feedback -------------------------------------------------------------
    @answers("tasks_to_check")
    def tasks_to_check(self, actor, query):
        """GET /data/user/tasks-to-check: feedback requests of the caller's productions (a
        supervisor's: of their departments); admins see every open production; others nothing."""
        actor, args = Actor(actor), query
        query = queries.enriched_query().where(TASK_STATUS.c.is_feedback_request.is_(True))
        if actor.role not in ("admin", "manager", "supervisor"):
            query = query.where(sa.false())
        query = query.where(TASK.c.project_id.in_(open_project_ids(actor)))
        if actor.role == "supervisor":
            departments = access.person_departments(self.session, actor.id)
            if departments:
                query = query.where(TASK_TYPE.c.department_id.in_(departments))
        query = pool_filters(query, args)
        if args.get("episode_id"):
            episode_id = checked_id(args["episode_id"])
            query = query.where(sa.or_(EPISODE.c.id == episode_id, ENTITIES.c.source_id == episode_id,
                                       ENTITIES.c.parent_id == episode_id))
        for key, compare in (("due_date_since", TASK.c.due_date.__ge__),
                             ("due_date_until", TASK.c.due_date.__le__)):
            if args.get(key):
                query = query.where(compare(checked_date(args[key])))
        if args.get("page") is None:
            return [queries.enriched(row) for row in self.session.execute(
                query.order_by(*NAME_ORDER, TASK.c.id)).mappings()]
        page = max(integer(args, "page", 1), 1)
        limit = max(integer(args, "limit", 100, minimum=0), 1)
        query = query.add_columns(sa.func.count().over().label("pool_total"),
                                  sa.func.sum(TASK.c.duration).over().label("pool_duration"),
                                  sa.func.sum(TASK.c.estimation).over().label("pool_estimation"))
        rows = self.session.execute(query.order_by(*NAME_ORDER, TASK.c.id)
                                    .offset((page - 1) * limit).limit(limit)).mappings().all()
        first = rows[0] if rows else {}
        return {"data": [queries.enriched(row) for row in rows],
                "stats": {"total": first.get("pool_total", 0),
                          "total_duration": first.get("pool_duration") or 0,
                          "total_estimation": first.get("pool_estimation") or 0},
                "page": page, "limit": limit}

    # -- the team schedule ----------------------------------------------------------------------
    @answers("persons_task_dates")
    def persons_task_dates(self, actor, query):
        """GET /data/persons/task-dates: per active person, the first start and last due dates of
        their tasks; other open productions than the caller's show as anonymous busy periods."""
        actor, args = Actor(actor), query
        project_id = (args.get("project_id") or "").strip() or None
        if project_id is not None:
            project_id = checked_id(project_id, "Invalid project_id.")
        detailed, busy = open_project_ids(actor), None
        if project_id is not None:
            if not actor.is_admin:
                self.check_scheduler(actor)
                access.check_project_access(actor, access.project_row(self.session, project_id))
            detailed = [project_id]
        elif not actor.is_admin:
            self.check_scheduler(actor)
            busy = open_project_ids(Actor(role="admin")).where(PROJECTS.c.id.not_in(detailed))
        known = TASK.c.project_id.in_(detailed)
        in_busy = TASK.c.project_id.in_(busy) if busy is not None else sa.false()
        query = (sa.select(PERSONS.c.id.label("person_id"), TASK.c.start_date, TASK.c.due_date,
                           known.label("known"))
                 .join(TASK, TASK.c.assignees.any(PERSONS.c.id))
                 .where(PERSONS.c.active.is_(True), sa.or_(known, in_busy & TASK.c.start_date.isnot(None)
                                                           & TASK.c.due_date.isnot(None))))
        entries, busy_periods = {}, {}
        for row in self.session.execute(query):
            entry = entries.setdefault(row.person_id, {"person_id": row.person_id, "min_date": None,
                                                       "max_date": None, "busy_periods": []})
            if row.known:
                entry["min_date"] = min(filter(None, (entry["min_date"], row.start_date)), default=None)
                entry["max_date"] = max(filter(None, (entry["max_date"], row.due_date)), default=None)
            else:
                busy_periods.setdefault(row.person_id, []).append((row.start_date, row.due_date))
        for person_id, intervals in busy_periods.items():
            entries[person_id]["busy_periods"] = [{"start_date": str(start), "end_date": str(end)}
                                                  for start, end in merged(intervals)]
        for entry in entries.values():
            entry["min_date"], entry["max_date"] = isoformat(entry["min_date"]), isoformat(entry["max_date"])
        return list(entries.values())

    @staticmethod
    def check_scheduler(actor):
        if actor.role not in ("manager", "supervisor"):
            raise Forbidden()

    # -- a person's tasks of a type ---------------------------------------------------------------
    @answers("person_related_tasks")
    def related_tasks(self, actor, person_id, task_type_id):
        """GET /data/persons/{id}/related-tasks/{task_type_id}: the tasks of that type on the
        entities where the person has a task, in open projects."""
        actor, person_id = Actor(actor), parse_id(person_id)
        access.check_not_bot(self.session, person_id)
        if actor.role == "vendor" and person_id != actor.id:
            raise Forbidden()
        entities = sa.select(TASK.c.entity_id).where(
            TASK.c.assignees.contains([person_id]),
            TASK.c.project_id.in_(open_project_ids(Actor(role="admin"))))
        query = (sa.select(TASK).where(TASK.c.entity_id.in_(entities),
                                       TASK.c.task_type_id == parse_id(task_type_id)))
        return [queries.task_dict(row) for row in self.session.execute(query).mappings()]
