"""POST /import/otio/projects/{id}[/episodes/{id}] (multipart `file`: .otio or .edl, form fields
`naming_convention`, `match_case`): the shots of an edit, created or their frame range updated,
written by production. 201 {"created_shots", "updated_shots"}."""
from shared.application import answers
from shared.errors import WrongParameter

from ..rules import timelines
from ..rules.shotgun import BadRecord
from .batches import Batches
from .csv_imports import uploaded
from .entity_writes import save_entity


class TimelineImports(Batches):
    @answers("import_otio")
    def import_timeline(self, actor, meta, body, project_id, episode_id=None):
        run = self.begin(actor, meta, source="otio")
        body = body or {}
        name = ((body.get("files") or [{}])[0]).get("name") or ""
        project = run.owners.row("production", "projects", project_id)
        convention = body.get("naming_convention") or (
            timelines.EPISODE_CONVENTION if episode_id else timelines.PROJECT_CONVENTION)
        try:
            cuts = timelines.shots(uploaded(body), name, project.get("fps") or 25, convention, project["name"],
                                   str(body.get("match_case", "true")).lower() != "false")
        except BadRecord as error:
            raise WrongParameter(f"KeyError: '{error}'")
        sequences = {(row["name"], row["parent_id"]): row for row in
                     run.owners.rows("production", "entities", project_id=project_id, kind="Sequence")}
        shots = {(row["name"], row["parent_id"]): row for row in
                 run.owners.rows("production", "entities", project_id=project_id, kind="Shot")}
        created, updated = [], []
        for cut in cuts:
            sequence = sequences.get((cut["sequence"], episode_id))
            if sequence is None:
                sequence = save_entity(run.owners, "Sequence", None, {
                    "name": cut["sequence"], "project_id": project_id, "parent_id": episode_id})
                sequences[(cut["sequence"], episode_id)] = sequence
            current = shots.get((cut["name"], sequence["id"]))
            fields = {"name": cut["name"], "project_id": project_id, "parent_id": sequence["id"],
                      "data": {"frame_in": cut["frame_in"], "frame_out": cut["frame_out"]}}
            row = save_entity(run.owners, "Shot", current, fields)
            if row.get("nb_frames") != cut["nb_frames"]:
                row = {**row, **run.owners.update("production", "entities", row["id"], {"nb_frames": cut["nb_frames"]})}
            (updated if current else created).append(row)
        return {"updated_shots": updated, "created_shots": created}
