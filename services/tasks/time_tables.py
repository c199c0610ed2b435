"""Time sheets: the time spents of a production or an entity, and the studio tables (total per
person and year, month, week or day) each answered by one aggregated query."""
import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.store import parse_id
from shared.application import UseCases

from . import access
from .collections import TASKS, TIME_SPENTS, open_project_ids
from .time_rules import answering, month_range, year_range

# table -> (the date part its columns are, the period its path names)
TABLES = {"year": ("year", None), "month": ("month", year_range), "week": ("week", year_range),
          "day": ("day", month_range)}


class TimeTables(UseCases):

    def listed(self, *conditions):
        table = TIME_SPENTS.table
        rows = self.session.execute(sa.select(table).where(*conditions)
                                    .order_by(table.c.date, table.c.created_at)).mappings()
        return [TIME_SPENTS.serialize(row) for row in rows]

    def project_time_spents(self, actor, project_id):
        """GET /data/projects/{id}/time-spents: every time spent on the production's tasks, for
        its team but its clients."""
        project = access.project_row(self.session, project_id)
        access.check_project_reader(Actor(actor), project, blocked=("client",))
        return self.listed(TIME_SPENTS.table.c.project_id == project["id"])

    def entity_time_spents(self, actor, entity_id):
        """GET /data/entities/{id}/time-spents: every time spent on the entity's tasks."""
        actor, entity = Actor(actor), access.entity_row(self.session, entity_id)
        access.check_entity_read(self.session, actor, entity)
        tasks = sa.select(TASKS.table.c.id).where(TASKS.table.c.entity_id == entity["id"])
        return self.listed(TIME_SPENTS.table.c.task_id.in_(tasks))

    def table(self, actor, kind, values, query):
        """GET /data/persons/time-spents/{kind}-table/…: {period number: {person_id: total}}.
        Admins see everyone, managers and supervisors their open productions, others themself;
        `project_id` narrows to one production."""
        actor, spent = Actor(actor), TIME_SPENTS.table
        part, period = TABLES[kind]
        column = sa.cast(sa.extract(part, spent.c.date), sa.Integer).label("period")
        statement = (sa.select(column, spent.c.person_id, sa.func.sum(spent.c.duration))
                     .group_by(column, spent.c.person_id))
        if period is not None:
            with answering("Invalid month or year."):
                start, end = period(*values)
            statement = statement.where(spent.c.date >= start, spent.c.date < end)
        if actor.role in ("manager", "supervisor"):
            statement = statement.where(spent.c.project_id.in_(open_project_ids(actor).scalar_subquery()))
        elif not actor.is_admin:
            statement = statement.where(spent.c.person_id == actor.id)
        if query.get("project_id"):
            statement = statement.where(spent.c.project_id == parse_id(query["project_id"]))
        answer = {}
        for number, person_id, total in self.session.execute(statement):
            answer.setdefault(str(number), {})[person_id] = total
        return answer
