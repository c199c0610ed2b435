"""The file store's two backends against the same contract (shared/storage.py): the local
folder, and S3 against a real S3-compatible server (moto's, in a thread of this process) with a
local cache in front. No cluster: the stores are used in-process."""
import shutil
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from shared.storage import LocalStore, S3Store

PREFIX = "test-"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_store(endpoint, root):
    return S3Store(root=str(root), endpoint=endpoint, region="us-east-1", access_key="test",
                   secret_key="test", bucket_prefix=PREFIX, create_buckets=True)


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStore(root=str(tmp_path / "files"))
    return s3_store(request.getfixturevalue("s3_endpoint"), tmp_path / "cache")


def objects(endpoint, bucket):
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    return {item["Key"]: item["Size"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def put(store, key, content):
    file_id = str(uuid.uuid4())
    with store.writing(key, file_id) as path:
        path.write_bytes(content)
    return file_id


def test_a_written_file_is_read_back(store):
    file_id = put(store, "pictures/thumbnails", b"a thumbnail")
    assert store.exists("pictures/thumbnails", file_id) and store.size("pictures/thumbnails", file_id) == 11
    assert store.path("pictures/thumbnails", file_id).read_bytes() == b"a thumbnail"
    assert store.readable("pictures/thumbnails", file_id) == store.path("pictures/thumbnails", file_id)
    assert not store.exists("pictures/previews", file_id) and store.readable("pictures/previews", file_id) is None


def test_move_copy_and_remove(store):
    file_id = put(store, "files/uploads", b"uploaded")
    store.move("files/uploads", file_id, "files/attachments", file_id)
    assert not store.exists("files/uploads", file_id) and store.readable("files/uploads", file_id) is None
    assert store.path("files/attachments", file_id).read_bytes() == b"uploaded"
    store.copy("files/attachments", file_id, "movies/previews", "copy-" + file_id)
    assert store.path("movies/previews", "copy-" + file_id).read_bytes() == b"uploaded"
    assert store.exists("files/attachments", file_id)
    store.remove("files/attachments", file_id)
    store.remove("files/attachments", file_id)  # twice: nothing to remove is fine
    assert not store.exists("files/attachments", file_id) and not store.path("files/attachments", file_id).exists()
    with pytest.raises(FileNotFoundError):
        store.copy("files/attachments", file_id, "files/previews", file_id)
    with pytest.raises(FileNotFoundError):
        store.size("files/attachments", file_id)


def test_s3_stores_nothing_of_a_failed_write(s3_endpoint, tmp_path):
    store, file_id = s3_store(s3_endpoint, tmp_path), str(uuid.uuid4())
    with pytest.raises(RuntimeError):
        with store.writing("movies/playlists", file_id) as path:
            path.write_bytes(b"half a movie")
            raise RuntimeError("ffmpeg failed")
    assert not store.exists("movies/playlists", file_id)


def test_s3_objects_are_laid_out_as_zous(s3_endpoint, tmp_path):
    store = s3_store(s3_endpoint, tmp_path)
    file_id = put(store, "pictures/thumbnails-square", b"square")
    movie_id = put(store, "movies/lowdef", b"movie")
    assert objects(s3_endpoint, PREFIX + "pictures")[f"thumbnails-square-{file_id}"] == 6
    assert objects(s3_endpoint, PREFIX + "movies")[f"lowdef-{movie_id}"] == 5
    assert (tmp_path / "pictures" / "thumbnails-square" / file_id[:3] / file_id[3:6] / file_id).read_bytes() == b"square"


def test_s3_reads_through_a_cold_cache(s3_endpoint, tmp_path):
    """Another machine's cache (or this one's, wiped) fetches the object when it is read."""
    writer, reader = s3_store(s3_endpoint, tmp_path / "one"), s3_store(s3_endpoint, tmp_path / "two")
    big = bytes(range(256)) * (40 * 1024)  # 10 MB: uploaded in parts
    file_id = put(writer, "movies/source", big)
    assert not reader.located("movies/source", file_id).exists()
    assert reader.path("movies/source", file_id).read_bytes() == big
    shutil.rmtree(tmp_path / "one")
    assert writer.readable("movies/source", file_id).read_bytes() == big


def test_s3_cached_copies_follow_the_object(s3_endpoint, tmp_path):
    """A file rewritten or removed through another machine is read as it is now."""
    one, two = s3_store(s3_endpoint, tmp_path / "one"), s3_store(s3_endpoint, tmp_path / "two")
    file_id = put(one, "files/working", b"first content")
    assert two.path("files/working", file_id).read_bytes() == b"first content"
    with one.writing("files/working", file_id) as path:
        path.write_bytes(b"second content")
    assert two.path("files/working", file_id).read_bytes() == b"second content"
    one.remove("files/working", file_id)
    assert two.readable("files/working", file_id) is None
    assert not two.located("files/working", file_id).exists()
