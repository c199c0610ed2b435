"""POST /import/csv/projects/{id}/shots|assets (multipart `file`, `?update=true`): a sheet's lines
written through production. Every line is read first: a bad one answers Zou's 400
{message, line_number, imported_rows} and nothing is written. Existing entities (same name under
the same sequence / type) are answered as they are, or updated with `update=true`."""
import csv

from shared.application import answers
from shared.crud.store import flag
from shared.errors import ApiError, WrongParameter
from shared.storage import STORE

from ..rules import csv_sheets
from ..rules.csv_sheets import BadLine
from .batches import Batches
from .entity_writes import save_entity

UPLOADS = "files/imports"  # where the gateway stores the uploaded sheets (route params "store")


def uploaded(body):
    """The bytes of the uploaded sheet (then removed from the store)."""
    files = (body or {}).get("files") or []
    if not files:
        raise WrongParameter("No file given: send the sheet as the `file` part of a multipart form.")
    file_id = files[0]["id"]
    try:
        return STORE.path(UPLOADS, file_id).read_bytes()
    finally:
        STORE.remove(UPLOADS, file_id)


def read_sheet(content, reader):
    try:
        return [reader(number, line) for number, line in csv_sheets.lines(content)]
    except BadLine as error:
        raise ApiError({"error": True, "message": error.message, "line_number": error.line_number,
                        "imported_rows": 0})
    except (UnicodeDecodeError, ValueError, csv.Error) as error:
        raise ApiError({"error": True, "message": str(error), "line_number": 1, "imported_rows": 0})


def written(run, sheet, write):
    """The rows the lines became; the first line an owner refused answers Zou's 400."""
    rows = run.write([(index, line, None) for index, line in enumerate(sheet)], write)
    if run.failures:
        first = min(run.failures, key=lambda failure: failure.index)
        raise ApiError({"error": True, "message": first.reason, "line_number": first.index + 2,
                        "imported_rows": len(rows)})
    return rows


class CsvImports(Batches):
    def containers(self, run, project_id, kind, names, parents=None):
        """{(name, parent id): our id} of the episodes or sequences named, created when missing."""
        found = {(row["name"], row["parent_id"]): row["id"]
                 for row in run.owners.rows("production", "entities", project_id=project_id, kind=kind)}
        for name, parent_id in sorted(names - set(found), key=str):
            row = save_entity(run.owners, kind, None, {"name": name, "project_id": project_id, "parent_id": parent_id})
            found[(name, parent_id)] = row["id"]
        return found

    @answers("import_shots_csv")
    def shots(self, actor, meta, body, query, project_id):
        sheet = read_sheet(uploaded(body), csv_sheets.shot_line)
        run = self.begin(actor, meta, source="csv")
        episodes = self.containers(run, project_id, "Episode", {(line["episode"], None) for line in sheet if line["episode"]})
        sequences = self.containers(run, project_id, "Sequence", {
            (line["sequence"], episodes.get((line["episode"], None))) for line in sheet})
        current = {(row["name"], row["parent_id"]): row
                   for row in run.owners.rows("production", "entities", project_id=project_id, kind="Shot")}
        update = flag(query, "update")

        def write(item):
            _, line, _ = item
            parent_id = sequences[(line["sequence"], episodes.get((line["episode"], None)))]
            row = current.get((line["name"], parent_id))
            if row is not None and not update:
                return line["name"], row
            fields = {"name": line["name"], "project_id": project_id, "parent_id": parent_id,
                      "description": line["description"], "data": line["data"]}
            row = save_entity(run.owners, "Shot", row, fields)
            if line["nb_frames"] is not None and row.get("nb_frames") != line["nb_frames"]:
                row = {**row, **run.owners.update("production", "entities", row["id"], {"nb_frames": line["nb_frames"]})}
            return line["name"], row
        return written(run, sheet, write)

    @answers("import_assets_csv")
    def assets(self, actor, meta, body, query, project_id):
        sheet = read_sheet(uploaded(body), csv_sheets.asset_line)
        run = self.begin(actor, meta, source="csv")
        types = self.named_ids(run, "production", "entity-types", {line["type"] for line in sheet})
        current = {(row["name"], row["entity_type_id"]): row
                   for row in run.owners.rows("production", "entities", project_id=project_id, kind="Asset")}
        update = flag(query, "update")

        def write(item):
            _, line, _ = item
            row = current.get((line["name"], types[line["type"]]))
            if row is not None and not update:
                return line["name"], row
            fields = {"name": line["name"], "project_id": project_id, "entity_type_id": types[line["type"]],
                      "description": line["description"]}
            return line["name"], save_entity(run.owners, "Asset", row, fields)
        return written(run, sheet, write)
