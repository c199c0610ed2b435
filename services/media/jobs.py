"""The movie job workers: a second nameko service of media, run as processes of their own
(deploy: media_jobs; as many as wanted, on any machine that sees the store), so that ffmpeg
never runs in the RPC workers.

Jobs come from durable RabbitMQ queues bound to media's own event exchange: the upload command
stores a `MovieUploaded` event, and the outbox relay publishes it as MOVIE_JOB once committed;
a playlist's build job, created running, is published as PLAYLIST_JOB (playlist_movies.py).
A message is acknowledged when its job has ended: a job whose worker died goes back to the queue
and is run again by another (at least once; a job finding its preview no longer `processing`
was done already). Each process runs NAMEKO_MAX_WORKERS jobs at a time (the prefetch count);
each ffmpeg call has TRANSCODE_TIME_LIMIT."""
import logging
import tempfile
import uuid

import sqlalchemy as sa
from kombu import Exchange, Queue
from nameko.messaging import consume

from shared import config
from shared.application import UseCases
from shared.eventstore import command
from shared.storage import STORE

from .domain import MOVIE_JOB, PLAYLIST_JOB
from .models import COLLECTIONS, metadata
from .models.preview_files import PREVIEW_FILES
from .movies import BrokenMovie, first_frame, normalise, probe, tile
from .pictures import UnreadablePicture, process_picture
from .playlist_movies import PlaylistMovieJobs
from .replicas import ENTITIES, PROJECTS, TASKS
from .rules import geometry
from .service import MediaApplication, MediaPlatform

log = logging.getLogger(__name__)
EVENTS = Exchange(config.events_exchange("media"), type="topic", durable=True)
MOVIE_JOBS = Queue("media.movie-jobs", EVENTS, routing_key=MOVIE_JOB, durable=True)
PLAYLIST_JOBS = Queue("media.playlist-jobs", EVENTS, routing_key=PLAYLIST_JOB, durable=True)


class MovieJobs(UseCases):
    """One movie's normalisation: processing -> ready (or broken)."""

    def run(self, preview_file_id, normalize):
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        if row["status"] != "processing":
            return  # done before this delivery (at least once)
        entity_data, project = self.targets(row["task_id"])
        self.session.rollback()  # no connection held while ffmpeg works
        try:
            changes = self.transcode(row["id"], normalize, entity_data, project)
        except (BrokenMovie, UnreadablePicture, OSError) as error:
            log.warning("movie of preview %s is broken: %s", row["id"], error)
            changes = {"status": "broken"}
        self.save(row["id"], changes)

    def targets(self, task_id):
        """The entity's data and the project's {fps, resolution}: where the movie goes."""
        found = self.session.execute(
            sa.select(ENTITIES.c.data, PROJECTS.c.fps, PROJECTS.c.resolution).select_from(TASKS).outerjoin(ENTITIES, ENTITIES.c.id == TASKS.c.entity_id)
            .outerjoin(PROJECTS, PROJECTS.c.id == TASKS.c.project_id).where(TASKS.c.id == task_id)).first()
        return (found.data if found else None), ({"fps": found.fps, "resolution": found.resolution} if found else {})

    def transcode(self, preview_file_id, normalize, entity_data, project):
        limit = config.TRANSCODE_TIME_LIMIT
        source = STORE.path("movies/source", preview_file_id)
        facts = probe(source)
        size = geometry.movie_size((facts["width"], facts["height"]), entity_data, project.get("resolution"))
        fps = geometry.movie_fps(entity_data, project.get("fps"))
        if normalize:
            with STORE.writing("movies/previews", preview_file_id) as high_def, \
                    STORE.writing("movies/lowdef", preview_file_id) as low_def:
                normalise(source, high_def, low_def, size, fps, facts, limit)
        else:
            STORE.copy("movies/source", preview_file_id, "movies/previews", preview_file_id)
            size, fps = (facts["width"], facts["height"]), facts["fps"]
        high_def = STORE.path("movies/previews", preview_file_id)
        with tempfile.TemporaryDirectory() as folder:
            frame = f"{folder}/frame.png"
            first_frame(high_def, frame, limit)
            process_picture(frame, preview_file_id)
        try:  # the strip a review player shows while scrubbing: the movie is fine without it
            with STORE.writing("pictures/tiles", preview_file_id) as target:
                tile(high_def, target, {"width": size[0], "height": size[1], "fps": fps,
                                        "duration": facts["duration"]}, limit)
        except BrokenMovie as error:
            log.warning("no tile for preview %s: %s", preview_file_id, error)
        return {"status": "ready", "width": size[0], "height": size[1], "duration": facts["duration"],
                "file_size": high_def.stat().st_size,
                "data": {"original_width": facts["width"], "original_height": facts["height"],
                         "original_duration": facts["duration"], "fps": fps,
                         "original_file_size": source.stat().st_size}}

    @command
    def save(self, preview_file_id, changes):
        record = self.app.repository.get(uuid.UUID(preview_file_id))
        record.update(changes)
        self.crud.save(PREVIEW_FILES, record)


class MediaJobs:
    name = "media"
    platform = MediaPlatform(MediaApplication, metadata, COLLECTIONS)

    @consume(MOVIE_JOBS)
    def normalize_movie(self, envelope):
        data = envelope["data"]
        self.platform.part(MovieJobs).run(data["preview_file_id"], data.get("normalize", True))

    @consume(PLAYLIST_JOBS)
    def build_playlist_movie(self, envelope):
        self.platform.part(PlaylistMovieJobs).run(envelope["data"]["build_job_id"])
