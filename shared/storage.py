"""The file store, behind one small interface: the gateway writes uploads and sends downloads,
the media service and its job workers read and write the processed files. A file is named by
`key`, "<bucket>/<prefix>" (e.g. pictures/thumbnails), and an id.

FS_BACKEND=local (the default): files under PREVIEW_FOLDER with Zou's layout, so that a Zou
preview folder can be mounted as is: <bucket>/<prefix>/<id[0:3]>/<id[3:6]>/<id>.

FS_BACKEND=s3: objects in an S3-compatible server laid out as Zou's (bucket FS_BUCKET_PREFIX +
<bucket>, object "<prefix>-<id>"), with PREVIEW_FOLDER as a local cache in the layout above, so
that ffmpeg, Pillow and the gateway's sendfile keep working on paths: `path` brings the object
into the cache (one conditional GET: nothing is sent when the cached copy is current), and a
file written at `writable` is uploaded by `stored` (or at the end of `writing`). Every machine
may have its own cache; any cached file may be deleted at any time."""
import contextlib
import os
import pathlib
import shutil
import tempfile

from . import config

CHUNK = 1 << 20


class LocalStore:
    def __init__(self, root=None):
        self.root = root

    def located(self, key, file_id):
        """The file's place on this machine's disk."""
        return pathlib.Path(self.root or config.PREVIEW_FOLDER, key, file_id[:3], file_id[3:6], file_id)

    def path(self, key, file_id):
        """Where the file is read (it may not exist)."""
        return self.located(key, file_id)

    def readable(self, key, file_id):
        """The path of the stored file, None when there is none."""
        path = self.path(key, file_id)
        return path if path.is_file() else None

    def writable(self, key, file_id):
        """The path to write the file at (its folders made); `stored` once it is written."""
        path = self.located(key, file_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def stored(self, key, file_id):
        """The file written at `writable` is complete (on disk already: nothing to do)."""

    @contextlib.contextmanager
    def writing(self, key, file_id):
        """The path to write the file at; stored when the block ends without an error."""
        path = self.writable(key, file_id)
        yield path
        self.stored(key, file_id)

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


class S3Store(LocalStore):
    """Objects in an S3-compatible server, PREVIEW_FOLDER as their cache. A cached copy keeps
    its object's ETag beside it (<id>.etag), against which `path` asks for the object only if
    it changed (a working file's new content, an avatar replaced on another machine)."""

    def __init__(self, root=None, endpoint=None, region=None, access_key=None, secret_key=None,
                 bucket_prefix="", create_buckets=False):
        super().__init__(root)
        import boto3  # only where the S3 backend is configured
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config

        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, max_pool_connections=20))
        self.region, self.bucket_prefix, self.create_buckets = region, bucket_prefix, create_buckets
        self.buckets_made = set()
        # no thread pool of its own: the callers are threads or green threads already
        self.transfer = TransferConfig(use_threads=False, multipart_chunksize=16 * CHUNK)

    def bucket(self, key):
        bucket = self.bucket_prefix + key.split("/", 1)[0]
        if self.create_buckets and bucket not in self.buckets_made:
            self.make_bucket(bucket)
            self.buckets_made.add(bucket)
        return bucket

    def make_bucket(self, bucket):
        where = {} if self.region in (None, "us-east-1") else {
            "CreateBucketConfiguration": {"LocationConstraint": self.region}}
        try:
            self.client.create_bucket(Bucket=bucket, **where)
        except self.client.exceptions.ClientError as error:
            if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise

    def object(self, key, file_id):
        """(bucket, object name) of a file: Zou's "<prefix>-<id>" in "<bucket>"."""
        prefix = key.split("/", 1)[1] if "/" in key else key
        return {"Bucket": self.bucket(key), "Key": f"{prefix}-{file_id}"}

    @staticmethod
    def etag_file(cached):
        return cached.with_name(cached.name + ".etag")

    def forget(self, cached):
        cached.unlink(missing_ok=True)
        self.etag_file(cached).unlink(missing_ok=True)

    def path(self, key, file_id):
        """The cached copy, brought up to date first; a path that does not exist when the
        object does not."""
        cached = self.located(key, file_id)
        try:
            etag = self.etag_file(cached).read_text() if cached.is_file() else None
        except FileNotFoundError:
            etag = None
        try:
            answer = self.client.get_object(**self.object(key, file_id), **({"IfNoneMatch": etag} if etag else {}))
        except self.client.exceptions.ClientError as error:
            status = http_status(error)
            if status == 304:
                return cached
            if status == 404:
                self.forget(cached)
                return cached
            raise
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, prefix=f".{file_id}.", delete=False) as partial:
            try:
                for chunk in answer["Body"].iter_chunks(CHUNK):
                    partial.write(chunk)
            except BaseException:
                os.unlink(partial.name)
                raise
        os.replace(partial.name, cached)  # never a half file under the file's name
        self.etag_file(cached).write_text(answer["ETag"])
        return cached

    def stored(self, key, file_id):
        """Upload the file written in the cache (from disk, in parts when big)."""
        cached, where = self.located(key, file_id), self.object(key, file_id)
        self.client.upload_file(str(cached), where["Bucket"], where["Key"], Config=self.transfer)
        self.etag_file(cached).write_text(self.client.head_object(**where)["ETag"])

    def head(self, key, file_id):
        try:
            return self.client.head_object(**self.object(key, file_id))
        except self.client.exceptions.ClientError as error:
            if http_status(error) == 404:
                return None
            raise

    def exists(self, key, file_id):
        return self.head(key, file_id) is not None

    def size(self, key, file_id):
        found = self.head(key, file_id)
        if found is None:
            raise FileNotFoundError(f"{key}/{file_id}")
        return found["ContentLength"]

    def copy(self, source_key, source_id, key, file_id, keep=shutil.copyfile):
        """Copied by the server (in parts when big); the cached copy too (by `keep`: `move`
        moves it), when there is a complete one."""
        target = self.object(key, file_id)
        try:
            self.client.copy(self.object(source_key, source_id), target["Bucket"], target["Key"],
                             Config=self.transfer)
        except self.client.exceptions.ClientError as error:
            if http_status(error) == 404:
                raise FileNotFoundError(f"{source_key}/{source_id}") from None
            raise
        source, cached = self.located(source_key, source_id), self.writable(key, file_id)
        self.forget(cached)
        if source.is_file() and self.etag_file(source).is_file():
            keep(source, cached)
            self.etag_file(cached).write_text(self.client.head_object(**target)["ETag"])

    def move(self, source_key, source_id, key, file_id):
        self.copy(source_key, source_id, key, file_id, keep=os.replace)
        self.remove(source_key, source_id)

    def remove(self, key, file_id):
        self.client.delete_object(**self.object(key, file_id))
        self.forget(self.located(key, file_id))


def http_status(error):
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def configured():
    if config.FS_BACKEND == "s3":
        return S3Store(endpoint=config.FS_S3_ENDPOINT, region=config.FS_S3_REGION,
                       access_key=config.FS_S3_ACCESS_KEY, secret_key=config.FS_S3_SECRET_KEY,
                       bucket_prefix=config.FS_BUCKET_PREFIX, create_buckets=config.FS_S3_CREATE_BUCKET)
    if config.FS_BACKEND != "local":
        raise ValueError(f"FS_BACKEND={config.FS_BACKEND!r}: local or s3")
    return LocalStore()


STORE = configured()
