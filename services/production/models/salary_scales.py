"""Salary scales (Zou's SalaryScale): the salary of a position and seniority in a department, what
budgets are estimated with. Admins only; rows are never created through the API: listing
them creates the missing ones (every department × position × seniority, salary 0), as Zou does."""
import sqlalchemy as sa

from shared.application import Model
from shared.crud import Actor, Collection
from shared.crud.fields import Choice, Integer, Uuid
from shared.errors import CrudError, WrongParameter
from shared.eventstore import command

from ..domain import SalaryScale
from ..replicas import metadata

# in the order Zou creates them (and lists them: the table's order)
POSITIONS = ("supervisor", "lead", "artist")
SENIORITIES = ("senior", "mid", "junior")


class SalaryScaleCollection(Collection):
    read_rule = "admin"

    def validate(self, session, data, row=None):
        if (data.get("salary") or 0) < 0:
            raise CrudError("One of the provided values has an invalid format.")


SALARY_SCALES = SalaryScaleCollection("salary-scales", "SalaryScale", SalaryScale, "salary_scale", metadata, {
    "department_id": Uuid(nullable=False, index=True, protected=True),  # auth's departments
    "position": Choice(POSITIONS, default="artist"),
    "seniority": Choice(SENIORITIES, default="mid"),
    "salary": Integer(default=0, nullable=False)})


class SalaryScales(Model):
    collection = SALARY_SCALES

    def list(self, actor, query):
        actor = Actor(actor)
        SALARY_SCALES.check_list(actor, query)
        departments = [row["id"] for row in self.platform.remote().rows("auth", "departments")]
        return self.listed_with_missing(actor, departments, query)

    @command
    def listed_with_missing(self, actor, department_ids, query):
        """The missing rows made, then the list, in one transaction: a list refused (a bad page)
        makes nothing."""
        table = SALARY_SCALES.table
        existing = set(self.session.execute(
            sa.select(table.c.department_id, table.c.position, table.c.seniority)).all())
        missing = [(department_id, position, seniority) for department_id in department_ids
                   for position in POSITIONS for seniority in SENIORITIES
                   if (department_id, position, seniority) not in existing]
        self.crud.save_many([(SALARY_SCALES, SalaryScale.create(SALARY_SCALES.with_defaults(
            {"department_id": department_id, "position": position, "seniority": seniority}), actor.id))
            for department_id, position, seniority in missing])
        return super().list(actor, query)

    def create(self, actor, body):
        SALARY_SCALES.check_create(Actor(actor), body)
        raise WrongParameter("Salary scales cannot be created")
