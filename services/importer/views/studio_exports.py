"""GET /export/csv/{projects,task-types,persons,tasks,time-spents}.csv: studio-wide sheets, read
from the owners with the caller's rights, laid out as Zou's (columns, order, yes/no)."""
from shared.application import UseCases, answers

from ..commands.batches import require_admin

PERSON_COLUMNS = ["First Name", "Last Name", "Email", "Phone", "Role", "Departments", "Studio", "Country",
                  "Contract Type", "Position", "Seniority", "Daily Salary", "Active"]
TASK_COLUMNS = ["Project", "Task Type", "Episode", "Sequence", "Entity Type", "Entity", "Assigner", "Assignees",
                "Duration", "Estimation", "Start date", "Due date", "WIP date", "Validation date", "Task Status"]
TIME_COLUMNS = ["Project", "Person", "Entity Type Name", "Entity", "Task Type", "Date", "Time spent"]


def text(value):
    return "" if value is None else str(value)


def day(value):
    return value[:10] if value else ""


def full_name(person):
    return f"{person.get('first_name') or ''} {person.get('last_name') or ''}".strip()


class StudioExports(UseCases):
    @answers("export_projects_csv")
    def projects(self, actor, meta):
        owners = self.platform.remote(actor, meta)
        statuses = {row["id"]: row["name"] for row in owners.rows("production", "project-status")}
        rows = sorted(owners.rows("production", "projects"), key=lambda row: row["name"])
        return [["Name", "Status"]] + [[row["name"], statuses.get(row["project_status_id"], "")] for row in rows]

    @answers("export_task_types_csv")
    def task_types(self, actor, meta):
        owners = self.platform.remote(actor, meta)
        departments = {row["id"]: row["name"] for row in owners.rows("auth", "departments")}
        return [["Department", "Name"]] + sorted(
            [departments.get(row["department_id"], ""), row["name"]] for row in owners.rows("tasks", "task-types"))

    @answers("export_persons_csv")
    def persons(self, actor, meta):
        require_admin(actor)  # as Zou: the studio's people, emails and salaries are for admins
        owners = self.platform.remote(actor, meta)
        departments = {row["id"]: row["name"] for row in owners.rows("auth", "departments")}
        studios = {row["id"]: row["name"] for row in owners.rows("auth", "studios")}
        persons = sorted(owners.rows("auth", "persons"), key=lambda row: (row["last_name"] or "", row["first_name"] or ""))
        return [PERSON_COLUMNS] + [[
            text(row["first_name"]), text(row["last_name"]), text(row["email"]), text(row.get("phone")), row["role"],
            ",".join(departments.get(department_id, "") for department_id in row.get("departments") or []),
            studios.get(row.get("studio_id"), ""), text(row.get("country")), text(row.get("contract_type")),
            text(row.get("position")), text(row.get("seniority")), text(row.get("daily_salary")),
            "yes" if row.get("active") else "no"] for row in persons if not row.get("is_bot")]

    def lookups(self, owners):
        projects = {row["id"]: row for row in owners.rows("production", "projects")}
        entities = {}
        for project_id in projects:
            entities.update({row["id"]: row for row in owners.rows("production", "entities", project_id=project_id)})
        return {"projects": projects, "entities": entities,
                "types": {row["id"]: row["name"] for row in owners.rows("production", "entity-types")},
                "task_types": {row["id"]: row["name"] for row in owners.rows("tasks", "task-types")},
                "statuses": {row["id"]: row["name"] for row in owners.rows("tasks", "task-status")},
                "persons": {row["id"]: full_name(row) for row in owners.rows("auth", "persons")}}

    @answers("export_tasks_csv")
    def tasks(self, actor, meta, query):
        owners = self.platform.remote(actor, meta)
        known = self.lookups(owners)
        filters = {"project_id": query["project_id"]} if query.get("project_id") else {}
        filters["relations"] = "true"  # with the assignees
        lines = []
        for task in owners.rows("tasks", "tasks", **filters):
            entity = known["entities"].get(task["entity_id"]) or {}
            parent = known["entities"].get(entity.get("parent_id")) or {}
            episode = known["entities"].get(parent.get("parent_id")) or {}
            lines.append([
                (known["projects"].get(task["project_id"]) or {}).get("name", ""),
                known["task_types"].get(task["task_type_id"], ""), episode.get("name", ""),
                parent.get("name", "") if entity.get("type") == "Shot" else "",
                known["types"].get(entity.get("entity_type_id"), ""), entity.get("name", ""),
                known["persons"].get(task.get("assigner_id"), ""),
                ",".join(known["persons"].get(person_id, "") for person_id in task.get("assignees") or []),
                text(float(task.get("duration") or 0)), text(float(task.get("estimation") or 0)),
                day(task.get("start_date")), day(task.get("due_date")), day(task.get("real_start_date")),
                day(task.get("done_date")), known["statuses"].get(task["task_status_id"], "")])
        return [TASK_COLUMNS] + sorted(lines, key=lambda line: (line[0], line[1], line[4], line[5]))

    @answers("export_time_spents_csv")
    def time_spents(self, actor, meta):
        owners = self.platform.remote(actor, meta)
        known = self.lookups(owners)
        tasks = {row["id"]: row for row in owners.rows("tasks", "tasks")}
        lines = []
        for spent in owners.rows("tasks", "time-spents"):
            task = tasks.get(spent["task_id"]) or {}
            entity = known["entities"].get(task.get("entity_id")) or {}
            lines.append([(known["projects"].get(task.get("project_id")) or {}).get("name", ""),
                          known["persons"].get(spent["person_id"], ""), known["types"].get(entity.get("entity_type_id"), ""),
                          entity.get("name", ""), known["task_types"].get(task.get("task_type_id"), ""),
                          day(spent["date"]), text(spent["duration"])])
        return [TIME_COLUMNS] + sorted(lines)
