"""Media's /data collections, one module each: the collection (fields, checks, serialisation) and
its Model part (the CRUD where Zou's model does more than the generic one, and its own commands)."""
from ..replicas import metadata
from .attachment_files import ATTACHMENT_FILES
from .build_jobs import BUILD_JOBS
from .catalogues import CATALOGUES
from .playlists import PLAYLISTS
from .preview_files import PREVIEW_FILES
from .share_links import SHARE_LINKS
from .work_files import OUTPUT_FILES, WORKING_FILES

COLLECTIONS = (PREVIEW_FILES, ATTACHMENT_FILES, PLAYLISTS, BUILD_JOBS, *CATALOGUES, WORKING_FILES, OUTPUT_FILES,
               SHARE_LINKS)
__all__ = ["COLLECTIONS", "metadata"]
