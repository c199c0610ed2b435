"""The media service (see ARCHITECTURE.md for what it owns): preview files (their pictures, and
their movies, normalised by the job workers of jobs.py, and what is extracted from them), comment
attachments, batch comments' files, avatars, playlists, working and output files and the
catalogues they refer to. Who may act on them is decided here, by shared/permissions.py, from
local replicas of the tasks, comments, projects and persons they belong to."""
import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.consumer import CatchUp, subscribe
from shared.eventstore import EventStore
from shared.replicas import Replication, replica_of
from shared.service import serves

from .commands.avatars import Avatars
from .commands.batch_comments import BatchComments
from .commands.comment_files import CommentFiles
from .commands.file_paths import FilePaths
from .commands.file_revisions import FileRevisions
from .commands.playlist_builds import PlaylistBuilds
from .commands.playlist_notices import PlaylistNotices
from .commands.preview_actions import PreviewActions
from .commands.preview_backgrounds import PreviewBackgrounds
from .commands.preview_uploads import PreviewUploads
from .commands.share_guests import ShareGuests
from .commands.share_links import ShareLinks
from .commands.shared_comments import SharedComments
from .models import COLLECTIONS, metadata
from .models.attachment_files import AttachmentFiles
from .models.playlists import Playlists
from .models.preview_files import PreviewFiles
from .models.work_files import OutputFiles, WorkingFiles
from .replicas import REPLICAS, TasksRows
from .views.entity_previews import EntityPreviewViews
from .views.frame_extracts import FrameExtracts
from .views.playlist_sheets import PlaylistSheets
from .views.playlist_zips import PlaylistZips
from .views.playlists import PlaylistViews
from .views.preview_downloads import PreviewDownloads
from .views.shared_playlists import SharedPlaylists
from .views.task_files import TaskFileViews
from .views.temp_playlists import TempPlaylists


class MediaApplication(EventStore):
    pass


class MediaPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        self.replication = Replication(REPLICAS)
        self.tasks_rows = TasksRows(self)


@serves(PreviewFiles, AttachmentFiles, Playlists, WorkingFiles, OutputFiles,  # models
        PreviewUploads, PreviewActions, FilePaths, FileRevisions, PlaylistBuilds, PlaylistNotices,  # commands
        Avatars, PreviewBackgrounds, BatchComments, ShareLinks, ShareGuests, SharedComments,
        TaskFileViews, EntityPreviewViews, PreviewDownloads, PlaylistViews, TempPlaylists, PlaylistZips,  # views
        PlaylistSheets, FrameExtracts, SharedPlaylists)
class MediaService(shared.service.CrudService):
    name = "media"
    platform = MediaPlatform(MediaApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()

    # -- replicas: what the permission rules ask about ------------------------------------------
    on_person_row = replica_of("auth", "person")
    on_project_row = replica_of("production", "project")
    on_project_status_row = replica_of("production", "project_status")
    on_entity_row = replica_of("production", "entity")
    on_entity_type_row = replica_of("production", "entity_type")
    on_task_row = replica_of("tasks", "task")
    on_task_type_row = replica_of("tasks", "task_type")

    @subscribe("tasks", "row.comment")
    def on_comment_row(self, envelopes):
        self.platform.replication.rows("comment", envelopes)
        for envelope in envelopes:
            if envelope["data"]["row"] is None:  # deleted: its files go too
                self.platform.part(CommentFiles).comment_deleted(envelope["data"]["id"])
