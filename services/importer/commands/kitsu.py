"""Kitsu -> Kitsu (/import/kitsu/*): rows as another Kitsu serialises them, created or updated by
their id. Our owners choose their own ids, so the map keeps the other Kitsu's id -> ours; an id
that is ours already (a copy inside this Kitsu) is used as it is."""
from shared.application import answers

from ..owners import answered
from ..rules import kitsu
from .batches import Batches, require_records
from .entity_writes import save_entity


class KitsuImports(Batches):
    @answers("import_kitsu_entities")
    @answered
    def entities(self, actor, meta, body):
        run = self.begin(actor, meta, source="kitsu")
        readings = run.read(require_records(body), lambda row: kitsu.entity(row))
        foreign = [record["id"] for _, record, _ in readings] + [
            ref for _, _, (_, _, refs) in readings for ref in (refs["project"], refs["parent"], refs["entity_type"])]
        mapped = {**run.ids.ours("Entity", foreign), **run.ids.ours("Project", foreign),
                  **run.ids.ours("EntityType", foreign)}
        ours = lambda foreign_id: mapped.get(str(foreign_id), foreign_id)  # noqa: E731
        current = {}
        for project_id in {ours(refs["project"]) for _, _, (_, _, refs) in readings}:
            for row in run.owners.rows("production", "entities", project_id=project_id):
                current[row["id"]] = row

        def write(item):
            _, record, (kind, fields, refs) = item
            fields = dict(fields, project_id=ours(refs["project"]))
            if refs["parent"]:
                fields["parent_id"] = ours(refs["parent"])
            if kind == "Asset":
                fields["entity_type_id"] = ours(refs["entity_type"])
            row = save_entity(run.owners, kind, current.get(ours(record["id"])), fields)
            return record["id"], {**row, "type": "Entity"}
        rows = run.write(readings, write, "Entity")
        self.cast(run, readings, rows)
        run.report("Entity")
        return rows

    def cast(self, run, readings, rows):
        """entities_out set after the save: the casting of each imported entity."""
        mapped = run.ids.ours("Entity", [ref for _, _, (_, _, refs) in readings for ref in refs["casting"]])
        ours = run.ids.ours("Entity", [record["id"] for _, record, _ in readings])
        projects, by_project = {row["id"]: row["project_id"] for row in rows}, {}
        for _, record, (_, _, refs) in readings:
            our_id = ours.get(str(record["id"]))
            if our_id not in projects or "entities_out" not in record:
                continue
            by_project.setdefault(projects[our_id], {})[our_id] = [
                {"asset_id": mapped.get(str(asset_id), asset_id), "nb_occurences": 1} for asset_id in refs["casting"]]
        for project_id, castings in by_project.items():
            run.owners.call("production", "update_entity_castings", params={"project_id": project_id},
                            body=castings)
