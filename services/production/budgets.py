"""Budgets of a project and their entries (one line per person or position and period)."""
import sqlalchemy as sa

from shared.eventstore import command
from shared.permissions import check_manager_project_access

from .collections import BUDGET_ENTRIES, BUDGETS
from .project_area import ProjectArea, parsed_changes, required

BUDGET_KEYS = ("id", "project_id", "revision", "name", "currency")
ENTRY_KEYS = ("id", "budget_id", "department_id", "person_id", "start_date", "months_duration",
              "daily_salary", "position", "seniority", "exceptions")
ENTRY_INPUT = ENTRY_KEYS[2:]


def listed(collection, row, keys):
    return {key: collection.fields[key].dump(row[key]) if key in collection.fields else row[key]
            for key in keys}


class BudgetsApp(ProjectArea):
    def managed_project(self, actor, project_id):
        actor, project = self.actor(actor), self.project(project_id)
        check_manager_project_access(actor, project)
        return actor, project

    def budget(self, actor, project_id, budget_id):
        actor, project = self.managed_project(actor, project_id)
        return actor, self.row_in(BUDGETS, budget_id, project_id=project["id"])

    # -- budgets ------------------------------------------------------------------------------
    def list(self, actor, project_id):
        actor, project = self.managed_project(actor, project_id)
        table = BUDGETS.table
        rows = self.session.execute(sa.select(table).where(table.c.project_id == project["id"])
                                    .order_by(table.c.revision)).mappings()
        return [listed(BUDGETS, row, BUDGET_KEYS) for row in rows]

    def get(self, actor, project_id, budget_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        return BUDGETS.serialize(budget, actor)

    @command
    def create(self, actor, project_id, body):
        """Each new budget of a project is its next revision."""
        actor, project = self.managed_project(actor, project_id)
        body = required(body, "name")
        table = BUDGETS.table
        last = self.session.execute(sa.select(sa.func.max(table.c.revision))
                                    .where(table.c.project_id == project["id"])).scalar()
        fields = {"project_id": project["id"], "revision": (last or 0) + 1,
                  "name": BUDGETS.fields["name"].parse(body["name"])}
        if body.get("currency") is not None:
            fields["currency"] = BUDGETS.fields["currency"].parse(body["currency"])
        return self.crud.save_new(BUDGETS, actor, fields)

    @command
    def update(self, actor, project_id, budget_id, body):
        actor, budget = self.budget(actor, project_id, budget_id)
        budget = self.change(BUDGETS, budget, parsed_changes(BUDGETS, self.crud.require_body(body)), actor)
        return BUDGETS.serialize(budget, actor)

    @command
    def delete(self, actor, project_id, budget_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        table = BUDGET_ENTRIES.table
        for row in self.session.execute(sa.select(table.c.id).where(table.c.budget_id == budget["id"])):
            self.remove(BUDGET_ENTRIES, row.id, actor)
        self.remove(BUDGETS, budget["id"], actor)

    # -- entries ------------------------------------------------------------------------------
    def entry(self, actor, project_id, budget_id, entry_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        return actor, self.row_in(BUDGET_ENTRIES, entry_id, budget_id=budget["id"])

    def entries(self, actor, project_id, budget_id):
        actor, budget = self.budget(actor, project_id, budget_id)
        table = BUDGET_ENTRIES.table
        rows = self.session.execute(sa.select(table).where(table.c.budget_id == budget["id"])
                                    .order_by(table.c.start_date, table.c.created_at)).mappings()
        return [listed(BUDGET_ENTRIES, row, ENTRY_KEYS) for row in rows]

    def get_entry(self, actor, project_id, budget_id, entry_id):
        actor, entry = self.entry(actor, project_id, budget_id, entry_id)
        return BUDGET_ENTRIES.serialize(entry, actor)

    @command
    def create_entry(self, actor, project_id, budget_id, body):
        actor, budget = self.budget(actor, project_id, budget_id)
        body = required(body, "department_id", "start_date", "months_duration", "daily_salary")
        fields = {key: BUDGET_ENTRIES.fields[key].parse(body[key])
                  for key in ENTRY_INPUT if body.get(key) is not None}
        fields.update(budget_id=budget["id"], project_id=budget["project_id"])
        return self.crud.save_new(BUDGET_ENTRIES, actor, fields)

    @command
    def update_entry(self, actor, project_id, budget_id, entry_id, body):
        actor, entry = self.entry(actor, project_id, budget_id, entry_id)
        changes = parsed_changes(BUDGET_ENTRIES, self.crud.require_body(body))
        return BUDGET_ENTRIES.serialize(self.change(BUDGET_ENTRIES, entry, changes, actor), actor)

    @command
    def delete_entry(self, actor, project_id, budget_id, entry_id):
        actor, entry = self.entry(actor, project_id, budget_id, entry_id)
        self.remove(BUDGET_ENTRIES, entry["id"], actor)
