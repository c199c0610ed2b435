"""Budgets of a project and their entries (one line per person or position and period); both
only through the project's routes (their CRUD is for admins, as Zou's default)."""
import sqlalchemy as sa

from shared.application import answers
from shared.crud import Collection
from shared.crud.fields import Choice, Date, Float, Integer, Json, String, Uuid
from shared.eventstore import command

from ..domain import Budget, BudgetEntry
from ..replicas import metadata
from ..rules.requests import parsed_changes, required
from .projects import ProjectPart


BUDGETS = Collection("budgets", "Budget", Budget, "budget", metadata, {
    "project_id": Uuid(nullable=False, index=True, references="project"),
    "revision": Integer(default=1, protected=True),
    "name": String(nullable=False), "currency": String(default="USD")})
BUDGET_ENTRIES = Collection("budget-entries", "BudgetEntry", BudgetEntry, "budget_entry", metadata, {
    "budget_id": Uuid(nullable=False, index=True, protected=True, references="budget"),
    "department_id": Uuid(nullable=False), "person_id": Uuid(references="person_replica"),
    "start_date": Date(nullable=False),
    "months_duration": Integer(nullable=False), "daily_salary": Float(nullable=False),
    "position": Choice(("artist", "supervisor", "lead"), default="artist"),
    "seniority": Choice(("senior", "mid", "junior"), default="mid"), "exceptions": Json(default=dict),
    # the budget's project, so that entry events carry it (Zou emits them with the project)
    "project_id": Uuid(index=True, hidden=True)})
for admins_only in (BUDGETS, BUDGET_ENTRIES):
    admins_only.read_rule = "admin"
BUDGET_KEYS = ("id", "project_id", "revision", "name", "currency")
ENTRY_KEYS = ("id", "budget_id", "department_id", "person_id", "start_date", "months_duration",
              "daily_salary", "position", "seniority", "exceptions")
ENTRY_INPUT = ENTRY_KEYS[2:]


def listed(collection, row, keys):
    return {key: collection.fields[key].dump(row[key]) if key in collection.fields else row[key]
            for key in keys}


class Budgets(ProjectPart):
    def managed_project(self, actor, project_id):
        actor, project = self.managed(actor, project_id)
        return actor, project

    def budget(self, actor, project_id, budget_id):
        actor, project = self.managed(actor, project_id)
        return actor, self.row_in(BUDGETS, budget_id, project_id=project["id"])

    # -- budgets ------------------------------------------------------------------------------
    @answers("project_budgets")
    def budgets(self, actor, project_id):
        actor, project = self.managed(actor, project_id)
        table = BUDGETS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.revision)).mappings()
        return [listed(BUDGETS, row, BUDGET_KEYS) for row in rows]

    @answers("project_budget")
    def get_budget(self, actor, project_id, budget_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        return BUDGETS.serialize(budget, actor)

    @answers("create_project_budget")
    @command
    def create_budget(self, actor, project_id, body):
        """Each new budget of a project is its next revision."""
        actor, project = self.managed(actor, project_id)
        body = required(body, "name")
        table = BUDGETS.table
        last = self.session.execute(sa.select(sa.func.max(table.c.revision))
                                    .where(table.c.project_id == project["id"])).scalar()
        fields = {"project_id": project["id"], "revision": (last or 0) + 1,
                  "name": BUDGETS.fields["name"].parse(body["name"])}
        if body.get("currency") is not None:
            fields["currency"] = BUDGETS.fields["currency"].parse(body["currency"])
        return self.crud.save_new(BUDGETS, actor, fields)

    @answers("update_project_budget")
    @command
    def update_budget(self, actor, project_id, budget_id, body):
        actor, budget = self.budget(actor, project_id, budget_id)
        budget = self.change(BUDGETS, budget, parsed_changes(BUDGETS, self.crud.require_body(body)), actor)
        return BUDGETS.serialize(budget, actor)

    @answers("delete_project_budget")
    @command
    def delete_budget(self, actor, project_id, budget_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        table = BUDGET_ENTRIES.table
        for row in self.session.execute(sa.select(table.c.id).where(table.c.budget_id == budget["id"])):
            self.remove(BUDGET_ENTRIES, row.id, actor)
        self.remove(BUDGETS, budget["id"], actor)

    # -- entries ------------------------------------------------------------------------------
    def entry(self, actor, project_id, budget_id, entry_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        return actor, self.row_in(BUDGET_ENTRIES, entry_id, budget_id=budget["id"])

    @answers("project_budget_entries")
    def entries(self, actor, project_id, budget_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        table = BUDGET_ENTRIES.table
        rows = self.session.execute(sa.select(table).where(table.c.budget_id == budget["id"])
                                    .order_by(table.c.start_date, table.c.created_at)).mappings()
        return [listed(BUDGET_ENTRIES, row, ENTRY_KEYS) for row in rows]

    @answers("project_budget_entry")
    def get_entry(self, actor, project_id, budget_id, entry_id):
        actor, entry = self.entry(actor, project_id, budget_id, entry_id)
        return BUDGET_ENTRIES.serialize(entry, actor)

    @answers("create_project_budget_entry")
    @command
    def create_entry(self, actor, project_id, budget_id, body):
        actor, budget = self.budget(actor, project_id, budget_id)
        body = required(body, "department_id", "start_date", "months_duration", "daily_salary")
        fields = {key: BUDGET_ENTRIES.fields[key].parse(body[key])
                  for key in ENTRY_INPUT if body.get(key) is not None}
        fields.update(budget_id=budget["id"], project_id=budget["project_id"])
        return self.crud.save_new(BUDGET_ENTRIES, actor, fields)

    @answers("update_project_budget_entry")
    @command
    def update_entry(self, actor, project_id, budget_id, entry_id, body):
        actor, entry = self.entry(actor, project_id, budget_id, entry_id)
        changes = parsed_changes(BUDGET_ENTRIES, self.crud.require_body(body))
        return BUDGET_ENTRIES.serialize(self.change(BUDGET_ENTRIES, entry, changes, actor), actor)

    @answers("delete_project_budget_entry")
    @command
    def delete_entry(self, actor, project_id, budget_id, entry_id):
        actor, entry = self.entry(actor, project_id, budget_id, entry_id)
        self.remove(BUDGET_ENTRIES, entry["id"], actor)
