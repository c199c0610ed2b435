"""POST /data/playlists/{playlist_id}/notify-clients {studio_id?, department_id?}: the project's
managers tell its clients (of that studio, that department) that a playlist is ready: each gets a
`playlist-ready` notification, written by the tasks service, which keeps the notifications."""
import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers

from ..replicas import PERSONS
from ..rules.playlists import optional_ids, playlist_clients
from .playlist_builds import PlaylistBuilds


class PlaylistNotices(UseCases):
    @answers("notify_clients_playlist_ready")
    def notify_clients(self, actor, playlist_id, body):
        playlist, project = self.platform.part(PlaylistBuilds).playlist(
            actor, playlist_id,
            lambda actor, project, playlist: permissions.check_manager_project_access(actor, project))
        filters = optional_ids(body, "studio_id", "department_id")
        team = self.session.execute(sa.select(PERSONS).where(
            PERSONS.c.id.in_(project["team"] or []), PERSONS.c.replica_deleted.is_(False))).mappings().all()
        recipients = playlist_clients(project, team, **filters)
        if recipients:
            self.platform.remote().call("tasks", "notify_playlist_ready", body={
                "playlist_id": playlist["id"], "project_id": project["id"], "person_ids": recipients})
        return {"status": "success"}
