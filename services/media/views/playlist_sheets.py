"""What the importer's playlist CSV reads of a playlist (route-free RPC): the playlist and, for
each entry, the task and revision of the preview it shows; who may read it as Zou decides for that
export (no vendors; managers, supervisors, clients for the playlists made for them)."""
import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.errors import NotFound
from shared.serialization import isoformat

from ..commands.playlist_builds import PlaylistBuilds
from ..models.preview_files import TABLE as PREVIEWS
from ..rules.file_requests import as_uuid

SHOWN = ("id", "name", "project_id", "episode_id", "for_entity")


class PlaylistSheets(UseCases):
    @answers("playlist_sheet_entries")
    def entries(self, actor, playlist_id):
        """{playlist: {id, name, project_id, episode_id, for_entity, created_at}, entries: [{entity_id,
        task_id, revision}]} in the playlist's order; 404 when an entry shows no known preview."""
        permissions.block_vendors(actor)
        playlist, _ = self.platform.part(PlaylistBuilds).playlist(
            actor, playlist_id, lambda actor, project, playlist: (
                permissions.check_playlist_access(actor, project, playlist, supervisors=True)))
        entries = [entry if isinstance(entry, dict) else {} for entry in playlist["shots"] or []]
        shown = {as_uuid(entry.get("preview_file_id")) for entry in entries} - {None}
        previews = {row["id"]: row for row in self.session.execute(
            sa.select(PREVIEWS.c.id, PREVIEWS.c.task_id, PREVIEWS.c.revision)
            .where(PREVIEWS.c.id.in_(shown))).mappings()} if shown else {}
        answered = []
        for entry in entries:
            preview = previews.get(as_uuid(entry.get("preview_file_id")))
            if preview is None:
                raise NotFound()
            answered.append({"entity_id": as_uuid(entry.get("entity_id")), "task_id": preview["task_id"],
                             "revision": preview["revision"]})
        return {"playlist": {**{key: playlist[key] for key in SHOWN}, "created_at": isoformat(playlist["created_at"])},
                "entries": answered}
