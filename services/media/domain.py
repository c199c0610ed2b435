"""Media aggregates: preview and attachment files are records (their bytes are in the file store)."""
from shared.eventstore import Record
from shared.serialization import isoformat

MOVIE_JOB = "job.normalize-movie"  # internal (dotted) names: the job workers' queues bind them
PLAYLIST_JOB = "job.build-playlist"


class PreviewFile(Record):
    public_name = "preview-file"

    class FileAdded(Record.Updated):
        """The preview's file arrived (its upload route): Zou tells the comment's readers."""
        comment_id: str | None
        task_id: str | None
        revision: int | None

    class MovieUploaded(FileAdded):
        """A movie is in the store: a job worker normalises it (published after the commit, from
        the stored log: no job is lost, nor run before its row exists)."""
        normalize: bool

    def change_event(self, changes):
        if "original_name" in changes:  # only an upload sets it
            return self.FileAdded, self.file_of()
        return super().change_event(changes)

    def file_of(self):
        return {key: self.fields.get(key) for key in ("comment_id", "task_id", "revision")}

    def upload_movie(self, changes, normalize, actor_id=None):
        self.trigger_event(self.MovieUploaded, changes=changes, actor_id=actor_id,
                           project_id=self.project_id, normalize=normalize, **self.file_of())

    @classmethod
    def publish(cls, event):
        if not isinstance(event, cls.FileAdded):
            return super().publish(event)
        preview = {"preview_file_id": str(event.originator_id)}
        # events stored before FileAdded existed carry no comment
        comment_id, task_id = getattr(event, "comment_id", None), getattr(event, "task_id", None)
        published = [("preview-file:update", preview),
                     ("preview-file:add-file", {**preview, "comment_id": comment_id, "task_id": task_id,
                                                "revision": getattr(event, "revision", None),
                                                "extension": event.changes.get("extension"),
                                                "status": event.changes.get("status")})]
        if comment_id:
            published.append(("comment:update", {"comment_id": comment_id, "task_id": task_id}))
        if isinstance(event, cls.MovieUploaded):
            published.append((MOVIE_JOB, {**preview, "normalize": event.normalize}))
        return published


class AttachmentFile(Record):
    public_name = "attachment-file"


class Playlist(Record):
    public_name = "playlist"

    class EntitiesAdded(Record.Updated):
        """Entries appended to the playlist's `shots` (add-entity, add-entities): Zou announces
        each one, not the playlist's update."""
        added: list

    def add_entities(self, shots, added, actor_id=None):
        self.trigger_event(self.EntitiesAdded, changes={"shots": shots}, actor_id=actor_id,
                           project_id=self.project_id, added=added)

    @classmethod
    def publish(cls, event):
        if isinstance(event, cls.EntitiesAdded):
            return [("playlist:add_entity", {"playlist_id": str(event.originator_id), "entity_id": entry["entity_id"],
                                             "preview_file_id": entry.get("preview_file_id")})
                    for entry in event.added]
        return super().publish(event)


class BuildJob(Record):
    """The build of a playlist's movie: created running (published after the commit as
    PLAYLIST_JOB, for a job worker), then ended succeeded or failed. Its events name the playlist."""
    public_name = "build-job"

    class Ended(Record.Updated):
        playlist_id: str

    class Removed(Record.Deleted):
        playlist_id: str

    def change_event(self, changes):
        return self.Ended, {"playlist_id": self.fields["playlist_id"]}

    def delete_event(self):
        return self.Removed, {"playlist_id": self.fields["playlist_id"]}

    @classmethod
    def publish(cls, event):
        job = {"build_job_id": str(event.originator_id)}
        if isinstance(event, cls.Created):
            job["playlist_id"] = event.fields["playlist_id"]
            return [("build-job:new", {**job, "created_at": isoformat(event.timestamp)}), (PLAYLIST_JOB, job)]
        if isinstance(event, cls.Ended):
            return [("build-job:update", {**job, "playlist_id": event.playlist_id, "status": event.changes["status"],
                                          "message": event.changes.get("message")})]
        if isinstance(event, cls.Removed):
            return [("build-job:delete", {**job, "playlist_id": event.playlist_id})]
        return []


class PlaylistShareLink(Record):
    """A link that opens a playlist to guests (models/share_links.py). Zou tells no one: its
    token is a secret, so nothing is published."""
    public_name = "playlist-share-link"

    @classmethod
    def publish(cls, event):
        return []


# -- the studio's catalogues (models/catalogues.py) ------------------------------------------------
class OutputType(Record):
    public_name = "output-type"


class Software(Record):
    public_name = "software"


class FileStatus(Record):
    public_name = "file-status"


class HardwareItem(Record):
    public_name = "hardware-item"


class PreviewBackgroundFile(Record):
    public_name = "preview-background-file"

    class FileAdded(Record.Updated):
        """Its file is in the store (Zou tells the change and the new file)."""

    def add_file(self, changes, actor_id=None):
        self.trigger_event(self.FileAdded, changes=changes, actor_id=actor_id, project_id=None)

    @classmethod
    def publish(cls, event):
        if isinstance(event, cls.FileAdded):
            background = {"preview_background_file_id": str(event.originator_id)}
            return [("preview-background-file:update", background),
                    ("preview-background-file:add-file", {**background, "extension": event.changes.get("extension")})]
        return super().publish(event)


class AvatarUpload(Record):
    """A picture media stored for a person, a project or the organisation (fields: `kind`,
    `owner_id`; the row's `has_avatar` is its owner's), told to the clients as
    `<kind>:set-thumbnail`, as Zou does at each upload."""
    public_name = "avatar-upload"

    @classmethod
    def publish(cls, event):
        if not isinstance(event, cls.Created):
            return []
        kind = event.fields["kind"]
        return [(f"{kind}:set-thumbnail", {f"{kind}_id": event.fields["owner_id"]})]


# -- files of the studio's work (models/work_files.py) ---------------------------------------------
class WorkingFile(Record):
    public_name = "working-file"


class OutputFile(Record):
    public_name = "output-file"
