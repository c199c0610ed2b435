"""A playlist's movie builds: asked for (the job answered running at once; a job worker joins the
movies: playlist_movies.py), followed, sent once built and removed. Who may: Zou's
(shared/permissions.py check_playlist_access): builds are started by the project's managers,
followed by them and by its clients for the playlists made for them; supervisors download."""
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.errors import ApiError, Conflict, Forbidden, NotFound
from shared.eventstore import command
from shared.storage import STORE

from ..domain import BuildJob
from ..models.build_jobs import BUILD_JOBS, MOVIES
from ..models.playlists import PLAYLISTS, found
from ..replicas import ACCESS, ENTITIES
from ..rules.file_requests import as_uuid
from ..rules.playlists import download_context, movie_download_name

BUSY = "A build is already in progress for this playlist"
UNFINISHED = "Build is not finished"
JOBS = BUILD_JOBS.table


def playlist_context(session, project, playlist):
    """The first part of a playlist's download names (rules.playlists.download_context)."""
    episode_name = None
    if playlist.get("episode_id"):
        episode_name = session.execute(sa.select(ENTITIES.c.name).where(
            ENTITIES.c.id == playlist["episode_id"])).scalar()
    return download_context(project, playlist, episode_name)


class PlaylistBuilds(UseCases):
    def playlist(self, actor, playlist_id, check):
        """The playlist and its project, for who passes `check(actor, project, playlist)`."""
        playlist = found(self.crud, PLAYLISTS, playlist_id)
        project = ACCESS.project(self.session, playlist["project_id"])
        check(actor, project, playlist)
        return playlist, project

    def job(self, actor, playlist_id, build_job_id, supervisors=False):
        """A job of the playlist, for who may follow its builds (vendors never, whatever the ids)."""
        permissions.block_vendors(actor)
        playlist, project = self.playlist(actor, playlist_id, lambda actor, project, playlist: (
            permissions.check_playlist_access(actor, project, playlist, supervisors)))
        job = found(self.crud, BUILD_JOBS, build_job_id)
        if job["playlist_id"] != playlist["id"]:
            raise NotFound()
        return job, playlist, project

    @answers("build_playlist_movie")
    @command
    def build(self, actor, playlist_id):
        """GET /data/playlists/{playlist_id}/build/mp4: the job, running (`build-job:new`); a job
        worker builds the movie. One build of a playlist at a time: 409 while one runs."""
        playlist, _ = self.playlist(actor, playlist_id, lambda actor, project, playlist: (
            permissions.check_manager_project_access(actor, project)))
        running = sa.select(JOBS.c.id).where(JOBS.c.playlist_id == playlist["id"], JOBS.c.status == "running")
        if self.session.execute(running.limit(1)).first():
            raise Conflict({"error": True, "message": BUSY})
        previews = [as_uuid(entry.get("preview_file_id")) for entry in playlist["shots"] or []
                    if isinstance(entry, dict)]
        record = BuildJob.create(BUILD_JOBS.with_defaults({
            "playlist_id": playlist["id"], "project_id": playlist["project_id"],
            "preview_file_ids": [preview_id for preview_id in previews if preview_id]}), Actor(actor).id)
        return BUILD_JOBS.serialize(self.crud.save(BUILD_JOBS, record))

    @answers("playlist_build_job")
    def get(self, actor, playlist_id, build_job_id):
        """GET /data/playlists/{playlist_id}/jobs/{build_job_id}."""
        return BUILD_JOBS.serialize(self.job(actor, playlist_id, build_job_id)[0])

    @answers("delete_playlist_build_job")
    def delete(self, actor, playlist_id, build_job_id):
        """DELETE /data/playlists/{playlist_id}/jobs/{build_job_id}: the job (`build-job:delete`),
        then its movie once that is committed (a build still running drops the movie it makes)."""
        job, _, _ = self.job(actor, playlist_id, build_job_id)
        self.forget(actor, job["id"])
        STORE.remove(MOVIES, job["id"])

    @command
    def forget(self, actor, job_id):
        record = self.app.repository.get(uuid.UUID(job_id))
        record.delete(Actor(actor).id)
        self.crud.save(BUILD_JOBS, record)

    @answers("playlist_build_movie")
    def movie(self, actor, playlist_id, build_job_id):
        """GET /data/playlists/{playlist_id}/jobs/{build_job_id}/build/mp4: the built movie (the
        gateway sends it), named after the job's date, the project (and episode) and the playlist."""
        job, playlist, project = self.job(actor, playlist_id, build_job_id, supervisors=True)
        if job["status"] != "succeeded":
            raise ApiError({"error": True, "message": UNFINISHED})
        name = movie_download_name(BUILD_JOBS.serialize(job)["created_at"],
                                   playlist_context(self.session, project, playlist), playlist["name"])
        return {"id": job["id"], "name": name, "mimetype": "video/mp4"}

    @answers("project_build_jobs")
    def of_project(self, actor, project_id):
        """GET /data/projects/{project_id}/build-jobs: admins."""
        if not Actor(actor).is_admin:
            raise Forbidden()
        if as_uuid(project_id) is None:
            raise NotFound()
        project = ACCESS.project(self.session, project_id)
        rows = self.session.execute(sa.select(JOBS).where(JOBS.c.project_id == project["id"])
                                    .order_by(JOBS.c.created_at)).mappings()
        return [BUILD_JOBS.serialize(row) for row in rows]
