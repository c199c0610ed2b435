"""Media aggregates: preview and attachment files are records (their bytes are in the file store)."""
from shared.eventstore import Record

MOVIE_JOB = "job.normalize-movie"  # internal (dotted) name: the movie job workers' queue binds it


class PreviewFile(Record):
    public_name = "preview-file"

    class MovieUploaded(Record.Updated):
        """A movie is in the store: a job worker normalises it (published after the commit, from
        the stored log: no job is lost, nor run before its row exists)."""
        normalize: bool

    def upload_movie(self, changes, normalize, actor_id=None):
        self.trigger_event(self.MovieUploaded, changes=changes, actor_id=actor_id,
                           project_id=self.project_id, normalize=normalize)

    @classmethod
    def publish(cls, event):
        if isinstance(event, cls.MovieUploaded):
            preview = {"preview_file_id": str(event.originator_id)}
            return [("preview-file:update", preview), (MOVIE_JOB, {**preview, "normalize": event.normalize})]
        return super().publish(event)


class AttachmentFile(Record):
    public_name = "attachment-file"


class Playlist(Record):
    public_name = "playlist"


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


# -- files of the studio's work (models/work_files.py) ---------------------------------------------
class WorkingFile(Record):
    public_name = "working-file"


class OutputFile(Record):
    public_name = "output-file"
