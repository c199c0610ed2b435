"""GET /export/csv/*: a production's casting sheet, read from production and laid out by
rules/casting_sheet.py; a playlist's sheet (media's entries, laid out by rules/playlist_sheet.py).
The shots, assets and edits sheets are the tasks service's (its views/sheets.py)."""
from shared.application import UseCases, answers

from ..rules.playlist_sheet import file_name, playlist_sheet
from ..rules.casting_sheet import casting_sheet


class CsvExports(UseCases):
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
