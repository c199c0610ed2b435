"""What a share link shows to guests, without a login (the gateway's "share" rule): its playlist,
the project context the player needs, and the previews the playlist positions — those and the
other positions of their revisions, never another file (403). The link opens only while it is
active and not expired, with its password (`?password=`) when it has one: else 404, as Zou.
Once the link has let the request in, the files are answered as the team's routes answer them,
for the link's maker."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import Forbidden, NotFound

from ..models.build_jobs import BUILD_JOBS, summary
from ..models.playlists import PLAYLISTS
from ..models.preview_files import PREVIEW_FILES
from ..models.preview_files import TABLE as PREVIEWS
from ..models.share_links import opened
from ..replicas import ACCESS
from ..rules.file_requests import as_uuid
from .playlists import PlaylistViews
from .preview_downloads import PreviewDownloads


def hide_other_revisions(shots):
    """The link shares the revision each entry positions: not the revision switcher's other
    revisions, nor the same revision of another task."""
    for shot in shots:
        shot["preview_files"] = {}
        if "preview_file_previews" in shot:
            shot["preview_file_previews"] = [preview for preview in shot["preview_file_previews"]
                                             if preview.get("task_id") == shot.get("preview_file_task_id")]
    return shots


class SharedPlaylists(UseCases):
    def opened(self, token, query=None):
        return opened(self.session, token, (query or {}).get("password"))

    def playlist_row(self, link):
        row = self.crud.row(PLAYLISTS, link["playlist_id"])
        if row is None:
            raise NotFound()
        return row

    def maker(self, link):
        """Who the link's answers are made for, once the link let the guest in."""
        return Actor({"id": link["created_by"], "role": "admin"})

    @answers("shared_playlist")
    def playlist(self, token, query):
        """GET /shared/playlists/{token}: the playlist as the player loads it, its project's name
        and fps."""
        row = self.playlist_row(self.opened(token, query))
        project = ACCESS.project(self.session, row["project_id"])
        jobs = BUILD_JOBS.table
        playlist = PLAYLISTS.serialize(row)
        playlist["build_jobs"] = [summary(job) for job in self.session.execute(
            sa.select(jobs).where(jobs.c.playlist_id == row["id"]).order_by(jobs.c.created_at.desc())).mappings()]
        entries = [dict(entry) for entry in row["shots"] or [] if isinstance(entry, dict)]
        playlist["shots"] = hide_other_revisions(self.platform.part(PlaylistViews).with_previews(entries))
        return {**playlist, "project_fps": project.get("fps"), "project_name": project.get("name")}

    @answers("shared_playlist_context")
    def context(self, token, query):
        """GET /shared/playlists/{token}/context: the project, its task types and statuses."""
        link = self.opened(token, query)
        remote = self.platform.remote(actor=self.maker(link))
        project = remote.row("production", "projects", self.playlist_row(link)["project_id"])
        task_types = remote.call("tasks", "rows_by_ids", params={
            "collection": "task-types", "ids": project.get("task_types") or [], "relations": False})
        statuses = remote.call("tasks", "rows_by_ids", params={
            "collection": "task-status", "ids": project.get("task_statuses") or [], "relations": False})
        return {
            "project": {**{key: project.get(key) for key in ("id", "name", "fps", "ratio", "resolution")},
                        "team": []},
            # no department: the shared player has no department to show it with
            "task_types": [{key: task_type.get(key) for key in ("id", "name", "color", "for_entity")}
                           for task_type in task_types],
            "task_statuses": [{"id": status["id"], "name": status["name"], "short_name": status["short_name"],
                               "color": status["color"], "is_client_allowed": bool(status.get("is_client_allowed")),
                               "is_default": bool(status.get("is_default")),
                               "for_concept": bool(status.get("for_concept"))} for status in statuses],
        }

    def shown_preview(self, token, preview_file_id, query=None):
        """(link, preview row) when the link's playlist positions that preview or another
        position of its revision; 403 for any other file."""
        link = self.opened(token, query)
        preview = self.crud.row(PREVIEW_FILES, preview_file_id) if as_uuid(preview_file_id) else None
        if preview is None:
            raise NotFound()
        positioned = {as_uuid(entry.get("preview_file_id")) for entry in self.playlist_row(link)["shots"] or []
                      if isinstance(entry, dict)} - {None}
        if preview["id"] in positioned:
            return link, preview
        same_revision = sa.select(PREVIEWS.c.id).where(
            PREVIEWS.c.id.in_(positioned), PREVIEWS.c.task_id == preview["task_id"],
            PREVIEWS.c.revision == preview["revision"])
        if not positioned or self.session.execute(same_revision.limit(1)).first() is None:
            raise Forbidden()
        return link, preview

    @answers("shared_preview_file")
    def preview_file(self, token, preview_file_id, query):
        """GET /shared/playlists/{token}/preview-files/{id}: the preview's row."""
        return PREVIEW_FILES.serialize(self.shown_preview(token, preview_file_id, query)[1])

    def served(self, token, preview_file_id, query, answer):
        """The file answer of a preview the link shows: `answer(downloads part, the link's
        maker, the preview)` (PreviewDownloads answers as for the team)."""
        link, preview = self.shown_preview(token, preview_file_id, query)
        return answer(self.platform.part(PreviewDownloads), self.maker(link), preview)

    @answers("shared_preview_picture")
    def picture(self, token, preview_file_id, store, query):
        return self.served(token, preview_file_id, query,
                           lambda part, maker, preview: part.picture(maker, preview["id"], store))

    @answers("shared_preview_original")
    def original(self, token, preview_file_id, extension, query):
        return self.served(token, preview_file_id, query,
                           lambda part, maker, preview: part.original(maker, preview["id"], extension))

    @answers("shared_preview_movie")
    def movie(self, token, preview_file_id, store, query):
        return self.served(token, preview_file_id, query,
                           lambda part, maker, preview: part.movie(maker, preview["id"], store))

    @answers("shared_preview_download")
    def download(self, token, preview_file_id, query):
        """…/preview-files/{id}/download: the movie of a movie preview, else its picture or file."""
        return self.served(token, preview_file_id, query, lambda part, maker, preview: part.download(
            maker, preview["id"], "movies/previews" if preview["extension"] == "mp4" else "pictures/original"))
