"""Build jobs (Zou's BuildJob): a playlist's movie, built by the job workers (playlist_movies.py)
from the previews its entries showed when it was asked for, stored in movies/playlists under the
job's id. No /data collection: the playlist routes start, read, send and remove them
(commands/playlist_builds.py)."""
from shared.crud import Collection
from shared.crud.fields import Choice, DateTime, Json, String, Uuid

from ..domain import BuildJob
from ..replicas import metadata

MOVIES = "movies/playlists"  # Zou's key of the built movies


class BuildJobCollection(Collection):
    read_rule = write_rule = "nobody"  # only through the playlist routes


BUILD_JOBS = BuildJobCollection("build-jobs", "BuildJob", BuildJob, "build_job", metadata, {
    "status": Choice(("running", "failed", "succeeded"), default="running", nullable=False),
    "job_type": Choice(("archive", "movie"), default="movie", nullable=False),
    "ended_at": DateTime(), "message": String(),
    "playlist_id": Uuid(nullable=False, index=True, references="playlist"),
    "project_id": Uuid(hidden=True, index=True),
    # the previews to join, as the playlist showed them when the build was asked for
    "preview_file_ids": Json(hidden=True, protected=True),
})


def summary(row):
    """A job as its playlist shows it."""
    shown = BUILD_JOBS.serialize(row)
    return {key: shown[key] for key in ("id", "status", "created_at", "message")}
