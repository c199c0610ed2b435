"""GET /export/csv/*: a production's sheets, read from the owners (production's entities with
their names, tasks' cells of their tasks) and laid out by rules/spreadsheets.py; a playlist's
sheet (media's entries, laid out by rules/playlist_sheet.py)."""
from shared.application import UseCases, answers

from ..rules.playlist_sheet import file_name, playlist_sheet
from ..rules.spreadsheets import Sheet, casting_sheet


class CsvExports(UseCases):
    def sheet(self, actor, meta, project_id, kind):
        """The project's entities of a kind with their tasks: two reads sent at once, one query
        each (production answers the project, whose access it checks, and its entities)."""
        owners = self.platform.remote(actor, meta)
        params = {"project_id": project_id, "kind": kind}
        cells = owners.send("tasks", "sheet_task_cells", params=params)
        entities = owners.call("production", "sheet_entities", params=params)
        cells = owners.answer(cells)
        return Sheet(entities["project"], entities["entities"], cells["cells"], cells["names"])

    @answers("export_shots_csv")
    def shots(self, actor, meta, project_id):
        return self.sheet(actor, meta, project_id, "Shot").shots()

    @answers("export_assets_csv")
    def assets(self, actor, meta, project_id):
        return self.sheet(actor, meta, project_id, "Asset").assets()

    @answers("export_edits_csv")
    def edits(self, actor, meta, project_id):
        return self.sheet(actor, meta, project_id, "Edit").edits()

    @answers("export_casting_csv")
    def casting(self, actor, meta, project_id):
        owners = self.platform.remote(actor, meta)
        project = owners.row("production", "projects", project_id)
        entities = {row["id"]: row for row in owners.rows("production", "entities", project_id=project["id"])}
        types = {row["id"]: row["name"] for row in owners.rows("production", "entity-types")}
        links = owners.call("production", "project_entity_links", params={"project_id": project["id"]})
        links = links.get("data", links) if isinstance(links, dict) else links
        return casting_sheet(project, entities, types, links)

    @answers("export_playlist_csv")
    def playlist(self, actor, meta, playlist_id):
        """Media checks who may read the playlist and answers its entries' tasks and revisions;
        production and tasks are then asked at once for the entities' and the tasks' cells."""
        owners = self.platform.remote(actor, meta)
        shown = owners.call("media", "playlist_sheet_entries", params={"playlist_id": playlist_id})
        playlist, entries = shown["playlist"], shown["entries"]
        tasks = owners.send("tasks", "playlist_task_cells",
                            params={"task_ids": sorted({entry["task_id"] for entry in entries})})
        production = owners.call("production", "playlist_entities", params={
            "project_id": playlist["project_id"], "episode_id": playlist["episode_id"],
            "entity_ids": sorted({entry["entity_id"] for entry in entries if entry["entity_id"]})})
        tasks = owners.answer(tasks)
        rows = playlist_sheet(playlist, entries, production, tasks["tasks"], tasks["timezone"])
        return {"file_name": file_name(production["project_name"], playlist), "rows": rows}
