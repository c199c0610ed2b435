"""Pictures made from a preview through the real stack: a frame of the normalised movie (ffmpeg),
the tile of all its frames, and the annotations drawn over the frames they were drawn on, one as
a PNG, all as a zip or a PDF of as many pages; for the project's managers (the tile: the task's
readers); wrong frame numbers and previews answered 4xx."""
import io
import re
import subprocess
import zipfile

import gazu
import pytest
import requests
from PIL import Image, ImageChops, ImageStat

from api import a_shot_task, logged_in
from media_samples import movie, processed

RED = "rgba(255,0,0,1)"


@pytest.fixture(scope="module")
def previews(base_url, admin, tmp_path_factory):
    """A movie preview (640x360 at 24 fps, 2 s: 48 frames) and a picture preview of a shot task
    with an artist of the team; gazu logged in as admin."""
    artist = logged_in(base_url, admin, "user")
    made = a_shot_task(admin, "Frames", team=[artist.person["id"]],
                       shot_data={"resolution": "640x360", "fps": "24"})
    comment = admin.post(f"/actions/tasks/{made['task']['id']}/comment",
                         {"task_status_id": made["status"]["id"], "comment": "v1"})[1]
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    folder = tmp_path_factory.mktemp("frames")
    uploaded = gazu.task.add_preview(made["task"], comment, movie(folder / "take.mov", seconds=2, rate=30))
    assert processed(uploaded["id"])["status"] == "ready"
    Image.new("RGB", (800, 400), (0, 0, 200)).save(folder / "still.png")
    still = gazu.task.add_preview(made["task"], comment, str(folder / "still.png"))
    return dict(made, artist=artist, movie=uploaded, still=still)


def fetch(base_url, api, path, **params):
    return requests.get(base_url + path, params=params, headers={"Authorization": f"Bearer {api.token}"},
                        timeout=120)


def local_frame(base_url, admin, preview_id, seconds, tmp_path):
    """The frame at `seconds` of the served movie, extracted here by ffmpeg."""
    movie_path, frame_path = tmp_path / "served.mp4", tmp_path / "local.png"
    movie_path.write_bytes(fetch(base_url, admin, f"/movies/originals/preview-files/{preview_id}.mp4").content)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-ss", str(seconds), "-i", str(movie_path),
                    "-frames:v", "1", str(frame_path)], check=True)
    return Image.open(frame_path).convert("RGB")


def difference(first, second):
    return sum(ImageStat.Stat(ImageChops.difference(first.convert("RGB"), second.convert("RGB"))).mean) / 3


def annotate(admin, preview_id, *times):
    """A red rectangle over the left quarter of the frame at each time (drawn on a 320x180 canvas)."""
    additions = [{"time": time, "drawing": {"objects": [
        {"id": f"r{index}", "type": "rect", "left": 0, "top": 0, "width": 80, "height": 180, "fill": RED,
         "canvasWidth": 320, "canvasHeight": 180}]}} for index, time in enumerate(times)]
    status, body = admin.put(f"/actions/preview-files/{preview_id}/update-annotations",
                             {"additions": additions, "updates": [], "deletions": []})
    assert status == 200, body


def test_a_frame_of_the_movie(base_url, admin, previews, tmp_path):
    preview_id = previews["movie"]["id"]
    response = gazu.files.extract_frame_from_preview(preview_id, 25)  # 1 s at 24 fps
    frame = Image.open(io.BytesIO(response.content))
    assert response.headers["Content-Type"] == "image/png" and frame.size == (640, 360)
    assert difference(frame, local_frame(base_url, admin, preview_id, 1.0, tmp_path)) < 3
    first = Image.open(io.BytesIO(fetch(base_url, admin, f"/actions/preview-files/{preview_id}/extract-frame").content))
    assert difference(first, local_frame(base_url, admin, preview_id, 0, tmp_path)) < 3
    assert difference(first, frame) > 3  # testsrc moves
    artist = previews["artist"]
    assert fetch(base_url, artist, f"/actions/preview-files/{preview_id}/extract-frame").status_code == 403
    assert fetch(base_url, admin, f"/actions/preview-files/{preview_id}/extract-frame",
                 frame_number="abc").status_code == 400
    assert fetch(base_url, admin, f"/actions/preview-files/{preview_id}/extract-frame",
                 frame_number=10000).status_code == 404  # past its end
    assert fetch(base_url, admin, f"/actions/preview-files/{previews['still']['id']}/extract-frame").status_code == 404


def test_the_tile_of_the_movie(base_url, admin, previews):
    preview_id = previews["movie"]["id"]
    response = fetch(base_url, previews["artist"], f"/actions/preview-files/{preview_id}/extract-tile")
    assert response.status_code == 200, response.text
    tile = Image.open(io.BytesIO(response.content))
    assert tile.size == (8 * 178, 6 * 100)  # 48 frames, 8 a row, 100 px high at 16:9
    kept = fetch(base_url, admin, f"/movies/tiles/preview-files/{preview_id}.png")
    assert kept.status_code == 200 and kept.content == response.content
    outsider = logged_in(base_url, admin, "user")
    assert fetch(base_url, outsider, f"/actions/preview-files/{preview_id}/extract-tile").status_code == 403


def test_annotated_frames_one_zip_and_pdf(base_url, admin, previews, tmp_path):
    preview_id = previews["movie"]["id"]
    path = f"/actions/preview-files/{preview_id}/extract-annotated-frame"
    assert fetch(base_url, admin, path, frame_number=1).status_code == 400  # nothing drawn yet
    annotate(admin, preview_id, 0, 1.0, 1.5)
    frame = Image.open(io.BytesIO(fetch(base_url, admin, path, frame_number=25).content)).convert("RGB")
    assert frame.size == (640, 360)
    assert frame.getpixel((80, 180)) == (255, 0, 0)  # the rect: the left quarter, twice its canvas
    plain = local_frame(base_url, admin, preview_id, 1.0, tmp_path)
    assert difference(frame.crop((200, 0, 640, 360)), plain.crop((200, 0, 640, 360))) < 3  # the rest untouched
    for frame_number, expected in ((2, 400), (None, 400), (0, 400), ("x", 400)):
        params = {} if frame_number is None else {"frame_number": frame_number}
        assert fetch(base_url, admin, path, **params).status_code == expected, frame_number
    assert fetch(base_url, previews["artist"], path, frame_number=25).status_code == 403

    response = fetch(base_url, admin, f"/actions/preview-files/{preview_id}/extract-annotated-frames")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "_annotated_frames.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert [name.rsplit("_frame_", 1)[1] for name in names] == ["1.png", "25.png", "37.png"]
    for name in names:
        assert Image.open(archive.open(name)).convert("RGB").getpixel((40, 300)) == (255, 0, 0)

    response = fetch(base_url, admin, f"/actions/preview-files/{preview_id}/extract-annotated-frames-pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", response.content)) == 3  # one page a frame


def test_a_pictures_annotation(base_url, admin, previews):
    still = previews["still"]["id"]
    path = f"/actions/preview-files/{still}/extract-annotated-frames-pdf"
    status, body = admin.get(path)
    assert (status, body["message"]) == (400, "Preview file has no annotations")
    annotate(admin, still, 0)
    response = fetch(base_url, admin, f"/actions/preview-files/{still}/extract-annotated-frame")
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (1200, 600)  # over the 1200-px wide preview
    assert picture.convert("RGB").getpixel((100, 300)) == (255, 0, 0)
    assert picture.convert("RGB").getpixel((900, 300)) == (0, 0, 200)
    pdf = fetch(base_url, admin, path).content
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
