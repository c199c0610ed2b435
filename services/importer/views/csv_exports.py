"""GET /export/csv/*: a production's sheets, read from the owners (production's entities, tasks'
tasks and workflow, auth's persons) and laid out by rules/spreadsheets.py."""
from shared.application import UseCases, answers
from shared.errors import NotFound

from ..rules.spreadsheets import Breakdown


class CsvExports(UseCases):
    def breakdown(self, owners, project_id):
        project = owners.row("production", "projects", project_id)
        entities = owners.rows("production", "entities", project_id=project["id"])
        tasks = owners.rows("tasks", "tasks", project_id=project["id"], relations="true")  # with assignees
        task_types = {row["id"]: row for row in owners.rows("tasks", "task-types")}
        statuses = {row["id"]: row for row in owners.rows("tasks", "task-status")}
        types = {row["id"]: row["name"] for row in owners.rows("production", "entity-types")}
        return project, Breakdown(entities, tasks, task_types, statuses, owners.rows("auth", "persons"), types)

    @answers("export_shots_csv")
    def shots(self, actor, meta, project_id):
        project, breakdown = self.breakdown(self.platform.remote(actor, meta), project_id)
        return breakdown.shots_sheet(project)

    @answers("export_assets_csv")
    def assets(self, actor, meta, project_id):
        project, breakdown = self.breakdown(self.platform.remote(actor, meta), project_id)
        return breakdown.assets_sheet(project)

    @answers("export_edits_csv")
    def edits(self, actor, meta, project_id):
        project, breakdown = self.breakdown(self.platform.remote(actor, meta), project_id)
        return breakdown.edits_sheet(project)

    @answers("export_casting_csv")
    def casting(self, actor, meta, project_id):
        owners = self.platform.remote(actor, meta)
        project, breakdown = self.breakdown(owners, project_id)
        links = owners.call("production", "project_entity_links", params={"project_id": project["id"]})
        links = links.get("data", links) if isinstance(links, dict) else links
        return breakdown.casting_sheet(project, links)

    @answers("export_playlist_csv")
    def playlist(self, actor, playlist_id):
        """No service keeps playlists yet: every playlist is unknown."""
        raise NotFound()
