"""The file store, behind one small interface: the gateway writes uploads and sends downloads,
the media service and its job workers read and write the processed files. Local filesystem under
PREVIEW_FOLDER with Zou's layout, so that a Zou preview folder can be mounted as is:
<bucket>/<prefix>/<id[0:3]>/<id[3:6]>/<id>, `key` being "<bucket>/<prefix>" (e.g. pictures/thumbnails)."""
import os
import pathlib
import shutil

from . import config


class LocalStore:
    def __init__(self, root=None):
        self.root = root

    def path(self, key, file_id):
        return pathlib.Path(self.root or config.PREVIEW_FOLDER, key, file_id[:3], file_id[3:6], file_id)

    def writable(self, key, file_id):
        """The path to write the file at (its folders made)."""
        path = self.path(key, file_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def exists(self, key, file_id):
        return self.path(key, file_id).is_file()

    def size(self, key, file_id):
        return self.path(key, file_id).stat().st_size

    def move(self, source_key, source_id, key, file_id):
        """Move a stored file under another key (an upload to where it belongs)."""
        os.replace(self.path(source_key, source_id), self.writable(key, file_id))

    def copy(self, source_key, source_id, key, file_id):
        shutil.copyfile(self.path(source_key, source_id), self.writable(key, file_id))

    def remove(self, key, file_id):
        self.path(key, file_id).unlink(missing_ok=True)


STORE = LocalStore()
