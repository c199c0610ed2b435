"""ShotGrid projects, episodes, sequences, scenes, shots and assets, written by production:
matched by ShotGrid id (the map; then by name, as Zou), updated where they differ, shots cast
and assets linked to their parents once every record of the request exists."""
from shared.application import answers

from ..rules import shotgun
from ..rules.shotgun import BadRecord
from .batches import Batches, Failure, require_records
from .entity_writes import created, creation, save_entity

ENTITY_ROUTES = {"episodes": "Episode", "sequences": "Sequence", "scenes": "Scene", "shots": "Shot",
                 "assets": "Asset"}


def as_imported(row, shotgun_id):
    """A row as Zou answers an import (the id it came from; entities as `Entity`)."""
    return {**row, "shotgun_id": shotgun_id, **({"type": "Entity"} if "entity_type_id" in row else {})}


class ShotgunBreakdown(Batches):
    # -- projects ---------------------------------------------------------------------------------
    @answers("import_shotgun_projects")
    def projects(self, actor, meta, body):
        run = self.begin(actor, meta)
        readings = run.read(require_records(body), shotgun.project)
        statuses = self.named_ids(run, "production", "project-status", {reading.refs["status"] for _, _, reading in readings})
        known = self.known_projects(run, [reading.fields for _, _, reading in readings])

        def write(item):
            _, record, reading = item
            fields = {**reading.fields, "project_status_id": statuses[reading.refs["status"]]}
            row = run.save("production", "projects", known.get(record["id"]) or known.get(fields["name"]), fields)
            return record["id"], as_imported(row, record["id"])
        rows = run.write(readings, write, "Project")
        run.report("Project")
        return rows

    def known_projects(self, run, wanted):
        """{ShotGrid id or name: current row} of the projects these records may be."""
        rows = run.owners.rows("production", "projects")
        by_id = {row["id"]: row for row in rows}
        mapped = run.ids.ours("Project", [fields["shotgun_id"] for fields in wanted])
        known = {row["name"]: row for row in rows}
        known.update({row["shotgun_id"]: row for row in rows if row.get("shotgun_id") is not None})
        known.update({int(sg_id): by_id[our_id] for sg_id, our_id in mapped.items() if our_id in by_id})
        return known

    def project_ids(self, run, readings):
        """{(ShotGrid id, name): our project id} of the projects the records name."""
        mapped = run.ids.ours("Project", [reading.refs.get("project") for _, _, reading in readings])
        names = {}
        for row in run.owners.rows("production", "projects"):
            names[row["name"]] = row["id"]
            if row.get("shotgun_id") is not None:
                mapped.setdefault(str(row["shotgun_id"]), row["id"])
        found = {}
        for _, _, reading in readings:
            key = (reading.refs.get("project"), reading.refs.get("project_name"))
            found[key] = mapped.get(str(key[0])) or names.get(key[1])
        return found

    # -- episodes, sequences, scenes, shots, assets ---------------------------------------------------
    @answers("import_shotgun_entities")
    def entities(self, actor, meta, body, kind):
        run = self.begin(actor, meta)
        readings = run.read(require_records(body), lambda record: shotgun.entity(record, kind))
        projects = self.project_ids(run, readings)
        types = self.named_ids(run, "production", "entity-types", {  # asset types: created when new
            reading.refs["asset_type"] for _, _, reading in readings if kind == "Asset"})
        parents = {}
        for parent_kind in ("Episode", "Sequence", "Scene"):
            parents[parent_kind] = run.ids.ours(parent_kind, [
                link[1] for _, _, reading in readings for link in (reading.refs.get("parent"), reading.refs.get("source"))
                if link and link[0] == parent_kind])
        mapped = run.ids.ours(kind, [reading.fields["shotgun_id"] for _, _, reading in readings])
        current = self.current_entities(run, {project_id for project_id in projects.values() if project_id},
                                        kind)

        def prepare(item):
            """(index, record, our fields, current row or None)."""
            index, record, reading = item
            project_id = projects[(reading.refs.get("project"), reading.refs.get("project_name"))]
            if project_id is None:
                raise BadRecord("project not found")
            parent_kind, parent_sg_id = reading.refs.get("parent") or (None, None)
            fields = dict(reading.fields, project_id=project_id,
                          parent_id=parents.get(parent_kind, {}).get(str(parent_sg_id)))
            if kind == "Asset":
                fields["entity_type_id"] = types[reading.refs["asset_type"]]
            if reading.refs.get("source") and reading.refs["source"][1] is not None:
                fields["source_id"] = parents["Scene"].get(str(reading.refs["source"][1]))
            return index, record, fields, current.get(mapped.get(str(record["id"]))) or current.get(
                (project_id, fields["name"], fields.get("entity_type_id"), fields["parent_id"]))

        def write(item):
            _, record, fields, row = item
            return record["id"], as_imported(save_entity(run.owners, kind, row, fields), record["id"])

        def created_row(item, row):
            _, record, fields, _ = item
            return record["id"], as_imported(created(run.owners, row, fields), record["id"])

        def write_batch(batch):
            prepared = [run.attempt(item, prepare) for item in batch]
            ready = [item for item in prepared if not isinstance(item, Failure)]
            results = iter(run.create_batch(
                ready, [position for position, item in enumerate(ready) if item[3] is None],
                lambda items: run.owners.send("production", "create_entities", params={"kind": kind},
                                              body=[creation(kind, item[2]) for item in items]),
                created_row, write))
            return [item if isinstance(item, Failure) else next(results) for item in prepared]
        rows = run.write_batches(readings, write_batch, kind)
        if kind == "Shot":
            self.cast(run, readings, rows, "Asset", lambda reading: reading.refs["casting"])
        if kind == "Asset":
            self.link_parents(run, readings, rows)
        run.report(kind)
        return rows

    def current_entities(self, run, project_ids, kind):
        """{our id: row} and {(project, name, type, parent): row} of the projects' entities of a
        kind (an entity made by an earlier, interrupted import is found by its name)."""
        found = {}
        for project_id in project_ids:
            for row in run.owners.rows("production", "entities", project_id=project_id, kind=kind):
                found[row["id"]] = row
                found[(project_id, row["name"], row["entity_type_id"] if kind == "Asset" else None,
                       row["parent_id"])] = row
        return found

    def cast(self, run, readings, rows, asset_kind, assets_of):
        """Each imported entity's casting replaced by the assets its record names."""
        ours = {row["shotgun_id"]: row for row in rows}
        assets = run.ids.ours(asset_kind, [sg_id for _, _, reading in readings for sg_id in assets_of(reading)])
        by_project = {}
        for _, record, reading in readings:
            row = ours.get(record["id"])
            if row is None or "assets" not in record:
                continue
            casting = [{"asset_id": assets[str(sg_id)], "nb_occurences": 1}
                       for sg_id in assets_of(reading) if str(sg_id) in assets]
            by_project.setdefault(row["project_id"], {})[row["id"]] = casting
        for project_id, castings in by_project.items():
            run.owners.call("production", "update_entity_castings", params={"project_id": project_id},
                            body=castings)

    def link_parents(self, run, readings, rows):
        """An asset's `parents` cast it in each of them (Zou: the parent's entities_out)."""
        ours = {row["shotgun_id"]: row for row in rows}
        parents = run.ids.ours("Asset", [sg_id for _, _, reading in readings for sg_id in reading.refs["parents"]])
        children = {}
        for _, record, reading in readings:
            row = ours.get(record["id"])
            for sg_id in reading.refs["parents"] if row else ():
                if str(sg_id) in parents:
                    children.setdefault((row["project_id"], parents[str(sg_id)]), []).append(row["id"])
        by_project = {}
        for (project_id, parent_id), child_ids in children.items():
            by_project.setdefault(project_id, {})[parent_id] = [
                {"asset_id": child_id, "nb_occurences": 1} for child_id in child_ids]
        for project_id, castings in by_project.items():
            run.owners.call("production", "update_entity_castings", params={"project_id": project_id},
                            body=castings)
