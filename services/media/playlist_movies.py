"""A playlist's movie, built by the job workers (jobs.py) for a build job (models/build_jobs.py):
the movies of the previews the playlist showed when the build was asked for, in its order, joined
at the project's resolution (else the first movie's size) and fps, into movies/playlists. The job
ends succeeded, or failed with the reason. Delivered at least once: a job no longer running was
done already; a job removed while its movie was made drops the movie."""
import datetime
import logging
import os
import uuid

import sqlalchemy as sa

from shared import config
from shared.application import UseCases
from shared.eventstore import command
from shared.serialization import isoformat
from shared.storage import STORE

from .models.build_jobs import BUILD_JOBS, MOVIES
from .models.preview_files import TABLE as PREVIEWS
from .movies import BrokenMovie, concatenate, probe
from .replicas import PROJECTS
from .rules import geometry
from .views.preview_downloads import MOVIE_STORES

log = logging.getLogger(__name__)
JOBS = BUILD_JOBS.table
NO_MOVIE = "The playlist shows no movie."


class PlaylistMovieJobs(UseCases):
    def run(self, build_job_id):
        job = self.session.execute(sa.select(JOBS).where(JOBS.c.id == build_job_id)).mappings().first()
        if job is None or job["status"] != "running":
            return  # removed, or built before this delivery
        movies = self.movie_previews(job["preview_file_ids"] or [])
        project = self.session.execute(sa.select(PROJECTS.c.fps, PROJECTS.c.resolution)
                                       .where(PROJECTS.c.id == job["project_id"])).first()
        self.session.rollback()  # no connection held while ffmpeg works
        try:
            self.build(job["id"], movies, project)
            changes = {"status": "succeeded", "message": None}
        except (BrokenMovie, OSError) as error:
            log.warning("movie of build job %s failed: %s", job["id"], error)
            changes = {"status": "failed", "message": str(error)[-2000:]}
        except Exception:
            log.exception("movie of build job %s failed", job["id"])
            changes = {"status": "failed", "message": "The movie could not be built."}
        ended_at = isoformat(datetime.datetime.now(datetime.timezone.utc))
        if not self.end(job["id"], {**changes, "ended_at": ended_at}):
            STORE.remove(MOVIES, job["id"])

    def movie_previews(self, preview_ids):
        """The ids of the previews that are movies, in the playlist's order."""
        movies = set(self.session.execute(sa.select(PREVIEWS.c.id).where(
            PREVIEWS.c.id.in_(preview_ids), PREVIEWS.c.extension == "mp4")).scalars())
        return [preview_id for preview_id in preview_ids if preview_id in movies]

    def build(self, job_id, preview_ids, project):
        if not preview_ids:
            raise BrokenMovie(NO_MOVIE)
        movies = [(path, probe(path)) for path in map(stored_movie, preview_ids)]
        first = movies[0][1]
        size = (geometry.parse_resolution(project.resolution if project else None)
                or (first["width"], geometry.even(first["height"])))
        fps = geometry.movie_fps(None, project.fps if project else None)
        with STORE.writing(MOVIES, job_id) as target:
            partial = target.with_name(f"{target.name}.partial.mp4")  # never a half movie under the job's name
            try:
                concatenate(movies, partial, size, fps, config.TRANSCODE_TIME_LIMIT)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)

    @command
    def end(self, job_id, changes):
        """Record the job's end; False when it was removed meanwhile."""
        if self.session.execute(sa.select(JOBS.c.id).where(JOBS.c.id == job_id)).first() is None:
            return False
        record = self.app.repository.get(uuid.UUID(job_id))
        record.update(changes)
        self.crud.save(BUILD_JOBS, record)
        return True


def stored_movie(preview_id):
    """The preview's movie: high definition, else low, else the uploaded source."""
    for store in MOVIE_STORES["movies/previews"]:
        if path := STORE.readable(store, preview_id):
            return path
    raise BrokenMovie(f"The movie of preview {preview_id} is missing.")
