"""POST /import/csv/projects/{id}/casting and …/task-types/{id}/estimations (multipart `file`):
the casting sheet's lines added to the casting of their shots and assets (production), the
estimations sheet's days and dates set on the tasks of that type (tasks). Lines naming nothing
known answer null, as Zou."""
from shared.application import answers

from ..rules import csv_sheets
from .batches import Batches
from .csv_imports import read_sheet, uploaded

MINUTES_A_DAY = 8 * 60
CONTAINED = ("Shot", "Scene", "Sequence", "Edit")  # named by their parent; assets by their type  # Zou's estimation sheets count days of the organisation's 8 hours


class ProjectIndex:
    """A project's entities, found as the sheets name them: a shot by its sequence and name, an
    asset by its type and name, an episode, sequence or edit by its name."""

    def __init__(self, entities, types):
        self.by_id = {row["id"]: row for row in entities}
        self.named = {}
        for row in entities:
            parent = self.by_id.get(row["parent_id"]) or {}
            container = parent.get("name") if row["type"] in CONTAINED else types.get(row["entity_type_id"])
            self.named.setdefault((container, row["name"]), row)
            self.named.setdefault((None, row["name"]), row)

    def find(self, parent, name):
        return self.named.get((parent, name))


class CsvLinks(Batches):
    def index(self, run, project_id):
        types = {row["id"]: row["name"] for row in run.owners.rows("production", "entity-types")}
        return ProjectIndex(run.owners.rows("production", "entities", project_id=project_id), types)

    @answers("import_casting_csv")
    def casting(self, actor, meta, body, project_id):
        sheet = read_sheet(uploaded(body), csv_sheets.casting_line)
        run = self.begin(actor, meta, source="csv")
        index = self.index(run, project_id)
        links = run.owners.call("production", "project_entity_links", params={"project_id": project_id})
        castings, answers_ = {}, []
        for line in sheet:
            entity, asset = index.find(line["parent"], line["name"]), index.find(line["asset_type"], line["asset"])
            if entity is None or asset is None:
                continue
            if entity["id"] not in castings:
                castings[entity["id"]] = {link["entity_out_id"]: {"asset_id": link["entity_out_id"],
                                                                  "nb_occurences": link["nb_occurences"],
                                                                  "label": link.get("label") or ""}
                                          for link in links if link["entity_in_id"] == entity["id"]}
            castings[entity["id"]][asset["id"]] = {"asset_id": asset["id"], "nb_occurences": line["nb_occurences"],
                                                   "label": line["label"]}
        if castings:
            run.owners.call("production", "update_entity_castings", params={"project_id": project_id},
                            body={entity_id: list(casting.values()) for entity_id, casting in castings.items()})
        return [None for _ in sheet]

    @answers("import_estimations_csv")
    def estimations(self, actor, meta, body, project_id, task_type_id, episode_id=None):
        sheet = read_sheet(uploaded(body), csv_sheets.estimation_line)
        run = self.begin(actor, meta, source="csv")
        index = self.index(run, project_id)
        tasks = {task["entity_id"]: task for task in run.owners.rows(
            "tasks", "tasks", project_id=project_id, task_type_id=task_type_id)}

        def estimate(line):
            entity = index.find(line["parent"], line["entity"])
            task = tasks.get(entity["id"]) if entity else None
            if task is None:
                return None
            changes = {key: line[key] for key in ("start_date", "due_date") if line[key]}
            if line["estimation"] is not None:
                changes["estimation"] = line["estimation"] * MINUTES_A_DAY
            return run.owners.update("tasks", "tasks", task["id"], changes) if changes else task
        return [estimate(line) for line in sheet]
