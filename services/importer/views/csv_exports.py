"""GET /export/csv/*: a production's sheets, read from the owners (production's entities with
their names, tasks' cells of their tasks) and laid out by rules/spreadsheets.py."""
from shared.application import UseCases, answers
from shared.errors import NotFound

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
    def playlist(self, actor, playlist_id):
        """Not built yet (media keeps the playlists, tasks their comments): 404, as Zou answers
        a playlist with an entry that shows no preview."""
        raise NotFound()
