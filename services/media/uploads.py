"""The files the gateway staged for an upload route (gateway/files.py): Zou reads the one
multipart part named `file`; whatever else was sent is dropped with it once the route is done.
And the stored files of a deleted row, removed once its deletion is committed."""
import contextlib
import functools

from shared.errors import WrongParameter
from shared.eventstore import after_commit
from shared.storage import STORE

UPLOADS = "files/uploads"  # where the gateway stages uploads (gateway/routes/media.py)
FILE_NOT_PROVIDED = "File not provided."


def staged(body):
    """The uploads the gateway staged for this request ({id, name, size, extension, mimetype, field})."""
    files = body.get("files") if isinstance(body, dict) else None
    return [upload for upload in files or [] if isinstance(upload, dict)]


@contextlib.contextmanager
def the_file(body):
    """The `file` part (400 when there is none); every staged file is removed at the end."""
    uploads = staged(body)
    try:
        upload = next((upload for upload in uploads if upload.get("field") == "file"), None)
        if upload is None:
            raise WrongParameter(FILE_NOT_PROVIDED)
        yield upload
    finally:
        for other in uploads:
            STORE.remove(UPLOADS, other["id"])


def remove_when_committed(stores, file_id):
    """The file `file_id` of each of `stores`, removed once the running command commits."""
    after_commit(functools.partial(remove_files, stores, file_id))


def remove_files(stores, file_id):
    for store in stores:
        STORE.remove(store, file_id)
