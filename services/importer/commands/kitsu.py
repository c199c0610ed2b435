"""Kitsu -> Kitsu (/import/kitsu/*): rows as another Kitsu serialises them, created or updated by
their id. Our owners choose their own ids, so the map keeps the other Kitsu's id -> ours; an id
that is ours already (a copy inside this Kitsu) is used as it is."""
from shared.application import answers

from ..rules import kitsu
from .batches import Batches, require_records
from .entity_writes import save_entity


RANK = {"Episode": 0, "Sequence": 1}
WAVES = (0, 1, 2)


class KitsuImports(Batches):
    @answers("import_kitsu_entities")
    def entities(self, actor, meta, query, body):
        run = self.begin(actor, meta, source="kitsu", query=query)
        readings = run.read(require_records(body), lambda row: kitsu.entity(row))
        projects = self.mapping(run, [refs["project"] for _, _, (_, _, refs) in readings])
        current = {}
        for project_id in {projects(refs["project"]) for _, _, (_, _, refs) in readings}:
            current.update({row["id"]: row for row in run.owners.rows("production", "entities", project_id=project_id)})
        written = {}  # foreign id -> our row
        for wave in WAVES:  # containers first: their ids are mapped when their children come
            items = [item for item in readings if RANK.get(item[2][0], WAVES[-1]) == wave]
            ours = self.mapping(run, [foreign_id for _, record, (_, _, refs) in items for foreign_id in (
                record["id"], refs["project"], refs["parent"], refs["entity_type"])])

            def write(item):
                _, record, (kind, fields, refs) = item
                fields = dict(fields, project_id=ours(refs["project"]))
                if refs["parent"]:
                    fields["parent_id"] = ours(refs["parent"])
                if kind == "Asset":
                    fields["entity_type_id"] = ours(refs["entity_type"])
                row = save_entity(run.owners, kind, current.get(ours(record["id"])), fields)
                written[record["id"]] = {**row, "type": "Entity"}
                return record["id"], row
            run.write(items, write, "Entity")
        rows = [written[record["id"]] for _, record, _ in readings if record["id"] in written]
        self.cast(run, readings, rows)
        return rows

    @staticmethod
    def mapping(run, foreign_ids):
        """foreign id -> ours (itself when not mapped: an id of this Kitsu)."""
        mapped = run.ids.ours_of_any_kind(foreign_ids)
        return lambda foreign_id: mapped.get(str(foreign_id), foreign_id)

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
