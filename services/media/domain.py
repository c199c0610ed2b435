"""Media aggregates: preview and attachment files are records (their bytes are in the file store)."""
from shared.eventstore import Record


class PreviewFile(Record):
    public_name = "preview-file"


class AttachmentFile(Record):
    public_name = "attachment-file"
