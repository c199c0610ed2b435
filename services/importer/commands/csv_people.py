"""POST /import/csv/persons and /import/csv/projects/{id}/edits (multipart `file`,
`?update=true`): persons written by auth (matched by email), edits by production (matched by
name under their episode). Every line is read before anything is written (Zou's 400 otherwise)."""
from shared.application import answers
from shared.crud.store import flag

from ..rules import csv_sheets
from .batches import Batches
from .csv_imports import read_sheet, uploaded, written
from .entity_writes import save_entity


class CsvPeopleAndEdits(Batches):
    @answers("import_persons_csv")
    def persons(self, actor, meta, body, query):
        sheet = read_sheet(uploaded(body), csv_sheets.person_line)
        run = self.begin(actor, meta, source="csv")
        current = {row["email"]: row for row in run.owners.rows("auth", "persons") if row.get("email")}
        update = flag(query, "update")

        def write(item):
            _, fields, _ = item
            row = current.get(fields["email"])
            if row is None:
                return fields["email"], run.owners.create("auth", "persons", fields)
            changes = {key: value for key, value in fields.items() if row.get(key) != value} if update else {}
            return fields["email"], {**row, **run.owners.update("auth", "persons", row["id"], changes)} if changes else row
        return written(run, sheet, write)

    @answers("import_edits_csv")
    def edits(self, actor, meta, body, query, project_id):
        sheet = read_sheet(uploaded(body), csv_sheets.edit_line)
        run = self.begin(actor, meta, source="csv")
        episodes = {row["name"]: row["id"] for row in run.owners.rows(
            "production", "entities", project_id=project_id, kind="Episode")}
        for name in sorted({line["episode"] for line in sheet if line["episode"]} - set(episodes)):
            episodes[name] = save_entity(run.owners, "Episode", None, {"name": name, "project_id": project_id})["id"]
        current = {(row["name"], row["parent_id"]): row for row in run.owners.rows(
            "production", "entities", project_id=project_id, kind="Edit")}
        update = flag(query, "update")

        def write(item):
            _, line, _ = item
            parent_id = episodes.get(line["episode"])
            row = current.get((line["name"], parent_id))
            if row is not None and not update:
                return line["name"], row
            return line["name"], save_entity(run.owners, "Edit", row, {
                "name": line["name"], "project_id": project_id, "parent_id": parent_id,
                "description": line["description"]})
        return written(run, sheet, write)
