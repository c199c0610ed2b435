"""A deleted comment takes its files along, as in Zou: its previews and attachments are deleted
(their events published), their stored files removed once that is committed."""
import sqlalchemy as sa

from shared.application import UseCases

from ..models.attachment_files import ATTACHMENT_FILES, AttachmentFiles
from ..models.preview_files import PREVIEW_FILES, PreviewFiles


class CommentFiles(UseCases):
    def comment_deleted(self, comment_id, actor_id=None):
        """Called by the replication of the tasks' comments (in its command), once per deletion."""
        for collection, part in ((PREVIEW_FILES, PreviewFiles), (ATTACHMENT_FILES, AttachmentFiles)):
            table = collection.table
            rows = self.session.execute(sa.select(table).where(table.c.comment_id == comment_id)).mappings()
            for row in rows.all():
                self.platform.part(part).forget(actor_id, dict(row))
