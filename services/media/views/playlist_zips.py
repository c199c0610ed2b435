"""GET /data/playlists/{playlist_id}/download/zip: the files of a playlist's previews (with the
other files of each revision) in one zip, written to the store's temporary files for the gateway
to send once and drop (gateway/files.py): its bytes never cross RPC."""
import uuid
import zipfile

import sqlalchemy as sa
from eventlet import tpool

from shared import permissions
from shared.application import UseCases, answers
from shared.storage import STORE

from ..commands.playlist_builds import PlaylistBuilds, playlist_context
from ..models.preview_files import TABLE as PREVIEWS
from ..replicas import TASKS
from ..rules.file_requests import as_uuid
from ..rules.names import download_name
from ..rules.playlists import zip_download_name
from .preview_downloads import MOVIE_STORES, PreviewDownloads

ZIPS = "files/playlist-zips"  # made for one answer, sent once by the gateway


def stored_file(preview):
    """Where a preview's file is: its movie, its picture, or the file as uploaded; None if gone."""
    if preview["extension"] == "mp4":
        stores = MOVIE_STORES["movies/previews"]
    else:
        stores = ["pictures/original" if preview["extension"] == "png" else "files/previews"]
    return next(filter(None, (STORE.readable(store, preview["id"]) for store in stores)), None)


def write_zip(path, files):
    """Store `files` [(path, name)] uncompressed (movies and pictures are already); a name met
    again is prefixed with its position, so that no file hides another when unzipped."""
    names = set()
    with zipfile.ZipFile(path, "w") as archive:
        for position, (source, name) in enumerate(files):
            if name in names:
                name = f"{position:04d}_{name}"
            names.add(name)
            archive.write(source, name)


class PlaylistZips(UseCases):
    @answers("playlist_zip")
    def download(self, actor, playlist_id):
        """Who may download the playlist's builds (its supervisors too)."""
        permissions.block_vendors(actor)
        playlist, project = self.platform.part(PlaylistBuilds).playlist(
            actor, playlist_id, lambda actor, project, playlist: (
                permissions.check_playlist_access(actor, project, playlist, supervisors=True)))
        files = self.files(playlist)
        name = zip_download_name(playlist_context(self.session, project, playlist), playlist["name"])
        self.session.rollback()  # no connection held while the zip is written
        zip_id = str(uuid.uuid4())
        with STORE.writing(ZIPS, zip_id) as path:
            tpool.execute(write_zip, path, files)
        return {"id": zip_id, "name": name, "mimetype": "application/zip", "temporary": True}

    def files(self, playlist):
        """[(stored path, download name)] of each entry's preview revision, in the playlist's order."""
        shown = [as_uuid(entry.get("preview_file_id")) for entry in playlist["shots"] or [] if isinstance(entry, dict)]
        shown = [preview_id for preview_id in shown if preview_id]
        revisions = sa.select(PREVIEWS.c.task_id, PREVIEWS.c.revision).where(PREVIEWS.c.id.in_(shown))
        rows = self.session.execute(
            sa.select(PREVIEWS, TASKS.c.entity_id, TASKS.c.task_type_id)
            .join(TASKS, TASKS.c.id == PREVIEWS.c.task_id)
            .where(sa.tuple_(PREVIEWS.c.task_id, PREVIEWS.c.revision).in_(revisions))
            .order_by(PREVIEWS.c.position, PREVIEWS.c.created_at)).mappings().all()
        by_revision = {}
        for row in rows:
            by_revision.setdefault((row["task_id"], row["revision"]), []).append(row)
        shown_rows = {row["id"]: row for row in rows}
        downloads, names = [], {}
        for preview_id in shown:
            if preview_id not in shown_rows:
                continue
            for row in by_revision[(shown_rows[preview_id]["task_id"], shown_rows[preview_id]["revision"])]:
                path = stored_file(row)
                if path is not None:
                    downloads.append((path, download_name(self.names(row, names), row, row["extension"])))
        return downloads

    def names(self, row, known):
        """The names a preview's downloads are named after, once per task."""
        if row["task_id"] not in known:
            known[row["task_id"]] = self.platform.part(PreviewDownloads).names(
                {"project_id": row["project_id"], "entity_id": row["entity_id"], "task_type_id": row["task_type_id"]})
        return known[row["task_id"]]
