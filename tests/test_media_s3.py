"""Media through the real stack with FS_BACKEND=s3: the test cluster's gateway, media, media_jobs
and importer are restarted for this module against a real S3-compatible server (moto's, in a
thread of this process), with a cache folder of their own, then restarted as they were (the
databases and the other processes stay). A preview uploaded through the gateway ends up as
objects laid out as Zou's, and is served again once the local cache is wiped.
Cost: two restarts of four processes, 30-45 s each with the machine loaded (load 10-16), and
about 20 s of tests (a picture, a one-second movie through the job workers)."""
import io
import shutil

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer
from PIL import Image

from api import a_shot_task
from media_samples import movie, picture, processed

S3_PROCESSES = ("gateway", "media", "media_jobs", "importer")  # the processes that use the store
BUCKET_PREFIX = "kitsu-test-"
KEYS = {"FS_S3_REGION": "us-east-1", "FS_S3_ACCESS_KEY": "test", "FS_S3_SECRET_KEY": "test"}


@pytest.fixture(scope="module")
def s3(cluster):
    """{client, cache}: boto3 on the S3 server the restarted processes use, their cache folder."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint, cache = f"http://{host}:{port}", cluster.run_dir / "s3-cache"
    cluster.down(*S3_PROCESSES)  # all at once
    try:
        cluster.run("up", "-d", *S3_PROCESSES, KITSU_SKIP_SETUP="1", FS_BACKEND="s3", FS_S3_ENDPOINT=endpoint,
                    FS_BUCKET_PREFIX=BUCKET_PREFIX, FS_S3_CREATE_BUCKET="true", PREVIEW_FOLDER=str(cache), **KEYS)
        client = boto3.client("s3", endpoint_url=endpoint, region_name=KEYS["FS_S3_REGION"],
                              aws_access_key_id=KEYS["FS_S3_ACCESS_KEY"], aws_secret_access_key=KEYS["FS_S3_SECRET_KEY"])
        yield {"client": client, "cache": cache}
    finally:
        cluster.down(*S3_PROCESSES)
        cluster.up(*S3_PROCESSES)
        server.stop()
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture(scope="module")
def comment(admin):
    made = a_shot_task(admin, "S3")
    status, comment = admin.post(f"/actions/tasks/{made['task']['id']}/comment",
                                 {"task_status_id": made["status"]["id"], "comment": "v1"})
    assert status == 201, comment
    return comment


def objects(s3, bucket):
    listed = s3["client"].list_objects_v2(Bucket=BUCKET_PREFIX + bucket).get("Contents", [])
    return {item["Key"] for item in listed}


def add_preview(admin, comment, path):
    status, preview = admin.post(f"/actions/tasks/{comment['object_id']}/comments/{comment['id']}/add-preview", {})
    assert status == 201, preview
    with open(path, "rb") as upload:
        status, body = admin.post(f"/pictures/preview-files/{preview['id']}", files={"file": upload})
    assert status == 201, body
    return body


def fetch(base_url, admin, path):
    return requests.get(base_url + path, headers={"Authorization": f"Bearer {admin.token}"}, timeout=30)


def test_a_picture_preview_is_stored_in_s3_and_served_after_the_cache_is_wiped(base_url, admin, s3, comment, tmp_path):
    preview = add_preview(admin, comment, picture(tmp_path / "frame.png"))
    assert (preview["status"], preview["extension"]) == ("ready", "png")
    variants = {f"{prefix}-{preview['id']}" for prefix in ("original", "previews", "thumbnails", "thumbnails-square")}
    assert variants <= objects(s3, "pictures")
    assert not [key for key in objects(s3, "files") if key.startswith("uploads-")]  # the staged upload is gone
    shutil.rmtree(s3["cache"])
    response = fetch(base_url, admin, f"/pictures/thumbnails/preview-files/{preview['id']}.png")
    assert response.status_code == 200, response.text
    stored = s3["client"].get_object(Bucket=BUCKET_PREFIX + "pictures", Key=f"thumbnails-{preview['id']}")
    assert response.content == stored["Body"].read()
    assert Image.open(io.BytesIO(response.content)).size == (150, 100)


def test_a_movie_is_normalised_from_s3_by_the_job_workers(base_url, admin, s3, comment, tmp_path):
    preview = add_preview(admin, comment, movie(tmp_path / "shot.mp4", seconds=1, size="320x240"))
    ready = processed(preview["id"], api=admin)
    assert ready["status"] == "ready", ready
    assert {f"previews-{preview['id']}", f"lowdef-{preview['id']}", f"source-{preview['id']}"} <= objects(s3, "movies")
    assert f"tiles-{preview['id']}" in objects(s3, "pictures")
    shutil.rmtree(s3["cache"])
    response = fetch(base_url, admin, f"/movies/low/preview-files/{preview['id']}.mp4")
    assert response.status_code == 200 and response.content[4:8] == b"ftyp"
