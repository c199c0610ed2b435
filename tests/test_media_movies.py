"""Preview movies through the real stack: the upload answers at once (processing), a job worker
(media_jobs, fed by a durable queue) normalises the movie with ffmpeg and the preview turns
ready, or broken; the movies are served with range requests; a job whose worker was killed
mid-way is run again."""
import io
import signal
import time

import gazu
import pytest
import requests
from PIL import Image

from api import a_shot_task
from media_samples import movie, probe, processed


@pytest.fixture(scope="module")
def shot_task(base_url, admin):
    """A shot task commented once, the shot at 640x360 and 24 fps; gazu logged in as admin."""
    made = a_shot_task(admin, "Movies", shot_data={"resolution": "640x360", "fps": "24"})
    comment = admin.post(f"/actions/tasks/{made['task']['id']}/comment",
                         {"task_status_id": made["status"]["id"], "comment": "v1"})[1]
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(made, comment=comment)


def fetch(base_url, admin, path, **headers):
    return requests.get(base_url + path, headers={"Authorization": f"Bearer {admin.token}", **headers},
                        timeout=60)


def test_a_movie_is_normalised_at_the_shots_size_and_fps(base_url, admin, shot_task, tmp_path):
    uploaded = gazu.task.add_preview(shot_task["task"], shot_task["comment"], movie(tmp_path / "take.mov"))
    assert (uploaded["status"], uploaded["extension"], uploaded["original_name"]) == ("processing", "mp4", "take")
    preview = processed(uploaded["id"])
    assert preview["status"] == "ready"
    assert (preview["width"], preview["height"]) == (640, 360) and abs(preview["duration"] - 2) < 0.2
    high = probe(fetch(base_url, admin, f"/movies/originals/preview-files/{preview['id']}.mp4").content, tmp_path)
    assert (high["codec"], high["size"], high["fps"], high["audio"]) == ("h264", (640, 360), 24.0, True)
    assert abs(high["duration"] - 2) < 0.2  # the silent track added does not make it longer
    low = probe(fetch(base_url, admin, f"/movies/low/preview-files/{preview['id']}.mp4").content, tmp_path)
    assert low["size"] == (1280, 720)
    source = probe(fetch(base_url, admin, f"/movies/source/preview-files/{preview['id']}.mp4").content, tmp_path)
    assert (source["size"], source["fps"]) == ((1280, 720), 30.0)
    thumbnail = fetch(base_url, admin, f"/pictures/thumbnails/preview-files/{preview['id']}.png")
    assert Image.open(io.BytesIO(thumbnail.content)).size == (150, 100)
    # the player's scrubbing strip: 48 frames 100 px high (178 wide at 16:9), 8 a row
    tile = fetch(base_url, admin, f"/movies/tiles/preview-files/{preview['id']}.png")
    assert tile.status_code == 200 and Image.open(io.BytesIO(tile.content)).size == (8 * 178, 6 * 100)


def test_movies_answer_range_requests(base_url, admin, shot_task, tmp_path):
    uploaded = gazu.task.add_preview(shot_task["task"], shot_task["comment"],
                                     movie(tmp_path / "take.mp4", audio=True))
    preview = processed(uploaded["id"])
    path = f"/movies/originals/preview-files/{preview['id']}.mp4"
    whole = fetch(base_url, admin, path)
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.headers["Content-Type"] == "video/mp4"
    part = fetch(base_url, admin, path, Range="bytes=100-199")
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.content)}"
    download = fetch(base_url, admin, f"/movies/originals/preview-files/{preview['id']}/download")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]


def test_a_movie_ffmpeg_cannot_read_is_broken(shot_task, tmp_path):
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"\x00\x00\x00 ftypisom but nothing else")
    uploaded = gazu.task.add_preview(shot_task["task"], shot_task["comment"], str(path))
    assert processed(uploaded["id"])["status"] == "broken"


def test_a_job_whose_worker_died_is_run_again(cluster, shot_task, tmp_path):
    long_movie = movie(tmp_path / "long.mov", seconds=20, size="1920x1080", rate=25)
    uploaded = gazu.task.add_preview(shot_task["task"], shot_task["comment"], long_movie)
    time.sleep(2)  # the worker has taken the job: ffmpeg is running
    assert gazu.files.get_preview_file(uploaded["id"])["status"] == "processing"
    cluster.stop_process("media_jobs", sig=signal.SIGKILL)  # the worker and its ffmpeg die mid-job
    try:
        assert gazu.files.get_preview_file(uploaded["id"])["status"] == "processing"
    finally:
        cluster.start_process("media_jobs")
    preview = processed(uploaded["id"], timeout=300)
    assert (preview["status"], preview["width"], preview["height"]) == ("ready", 640, 360)
