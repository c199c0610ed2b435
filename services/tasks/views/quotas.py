"""A person's quota shots (GET /data/persons/{id}/quota-shots/{day|week|month}/…): the shots whose
work counts in their quota over the period, each with its weight. Count modes (Zou's): `weighted`
(default) — each time spent in the period on a shot task that went to review weighs its share
of the task's whole time; `weighteddone` — the same for done tasks; `feedback` / `done` — each
shot task of theirs sent to review / done in the period weighs 1."""
import datetime

import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import Forbidden, WrongParameter
from shared.sqlblocks import Lineage

from .. import access
from ..models.tasks import TASKS
from ..models.time_spents import TIME_SPENTS
from ..replicas import ENTITIES, ENTITY_KEYS, PERSONS, replica_dict
from ..rules.entity_names import full_entity_name
from ..rules.ids import checked_id, found_id
from ..rules.quotas import BAD_COUNT_MODE, COUNT_MODES, time_weights
from ..rules.time_tracking import answering
from .timesheets import PERIODS

TASK, SPENT = TASKS.table, TIME_SPENTS.table
SHOT_TASK = TASK.join(ENTITIES, sa.and_(ENTITIES.c.id == TASK.c.entity_id, ENTITIES.c.kind == "Shot"))


class Quotas(UseCases):

    @answers("person_quota_shots")
    def quota_shots(self, actor, person_id, period, query, year=None, month=None, week=None, day=None):
        """Without `project_id`: admins and the person; with it: the team's managers and
        supervisors too (and the person, when in the team). `task_type_id` narrows the tasks."""
        actor, session = Actor(actor), self.session
        person_id = access.replica_row(session, PERSONS, found_id(person_id))["id"]
        conditions = []
        if "project_id" in query:
            project = access.project_row(session, found_id(query["project_id"]))
            access.check_project_access(actor, project)
            leads = access.project_role(actor, project) in ("admin", "manager", "supervisor")
            if not (leads or actor.id == person_id):
                raise Forbidden()
            conditions.append(TASK.c.project_id == project["id"])
        elif not (actor.is_admin or actor.id == person_id):
            raise Forbidden()
        mode = query.get("count_mode", "weighted")
        if mode not in COUNT_MODES:
            raise WrongParameter(BAD_COUNT_MODE)
        if "task_type_id" in query:
            conditions.append(TASK.c.task_type_id == checked_id(query["task_type_id"], "Invalid task type id"))
        with answering("Invalid month or year."):
            start, end = PERIODS[period](*[value for value in (year, month, week, day) if value is not None])
        if mode in ("weighted", "weighteddone"):
            ended = TASK.c.end_date if mode == "weighted" else TASK.c.done_date
            weights = self.time_weights(person_id, SPENT.c.date >= start, SPENT.c.date < end, ended.isnot(None),
                                        *conditions)
        else:
            ended = TASK.c.end_date if mode == "feedback" else TASK.c.done_date
            since, until = (datetime.datetime.combine(day, datetime.time()) for day in (start, end))
            weights = self.ended(person_id, ended >= since, ended < until, *conditions)
        return self.shots(weights)

    def time_weights(self, person_id, *conditions):
        """The person's time (in the period) on ended shot tasks, against each task's whole time."""
        whole = SPENT.alias("whole")
        task_total = sa.select(sa.func.sum(whole.c.duration)).where(whole.c.task_id == TASK.c.id).scalar_subquery()
        query = (sa.select(TASK.c.entity_id, SPENT.c.duration, task_total)
                 .select_from(SHOT_TASK.join(SPENT, SPENT.c.task_id == TASK.c.id))
                 .where(SPENT.c.person_id == person_id, *conditions))
        return time_weights(self.session.execute(query).all())

    def ended(self, person_id, *conditions):
        """Each shot a task of the person's ended on (in the period) weighs 1."""
        query = (sa.select(TASK.c.entity_id).select_from(SHOT_TASK)
                 .where(TASK.c.assignees.contains([person_id]), *conditions))
        return {shot_id: 1 for shot_id in self.session.execute(query).scalars()}

    def shots(self, weights):
        """The shots as Zou serialises an entity, with their full name and weight, by full name."""
        lineage = Lineage(ENTITIES)
        sequence, episode = lineage.parent, lineage.grandparent
        query = (sa.select(ENTITIES, sequence.c.name.label("parent_name"), episode.c.name.label("grandparent_name"),
                           episode.c.id.label("grandparent_id"))
                 .select_from(lineage.join()).where(ENTITIES.c.id.in_(list(weights))))
        shots = []
        for row in self.session.execute(query).mappings():
            full_name, _ = full_entity_name({**row, "entity_kind": "Shot", "entity_name": row["name"]})
            shots.append({**replica_dict(row, "Entity", ENTITY_KEYS), "full_name": full_name,
                          "weight": weights[row["id"]]})
        return sorted(shots, key=lambda shot: shot["full_name"])
