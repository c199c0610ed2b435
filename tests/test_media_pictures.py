"""Preview pictures through the real stack: gazu's add_preview uploads a PNG (the gateway streams
it to the store, media makes the four variants with Pillow), each variant served by the gateway
with its size, conditional answers (304) and private caching; other files kept as they are; a
wrong format or an unreadable picture answers 400 and leaves no preview."""
import io

import gazu
import pytest
import requests
from PIL import Image, ImageCms

from api import Listener, a_shot_task, about, logged_in

VARIANTS = {"originals": (1920, 1080), "previews": (1200, 675), "thumbnails": (150, 100),
            "thumbnails-square": (100, 100)}


@pytest.fixture(scope="module")
def shot_task(base_url, admin):
    """A shot task commented once; gazu logged in as admin."""
    artist = logged_in(base_url, admin, "user")
    made = a_shot_task(admin, "Pictures", team=[artist.person["id"]])
    comment = admin.post(f"/actions/tasks/{made['task']['id']}/comment",
                         {"task_status_id": made["status"]["id"], "comment": "v1"})[1]
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(made, comment=comment, artist=artist)


def fetch(base_url, admin, path, **headers):
    return requests.get(base_url + path, headers={"Authorization": f"Bearer {admin.token}", **headers},
                        timeout=30)


def picture(path, size=(1920, 1080), color=(200, 30, 30), **save):
    Image.new("RGB", size, color).save(path, **save)
    return str(path)


def test_a_png_preview_becomes_four_variants(base_url, admin, shot_task, tmp_path):
    preview = gazu.task.add_preview(shot_task["task"], shot_task["comment"], picture(tmp_path / "frame.png"))
    assert (preview["status"], preview["extension"], preview["original_name"]) == ("ready", "png", "frame")
    assert (preview["width"], preview["height"]) == (1920, 1080) and preview["file_size"] > 0
    for variant, size in VARIANTS.items():
        response = fetch(base_url, admin, f"/pictures/{variant}/preview-files/{preview['id']}.png")
        assert response.status_code == 200, (variant, response.text)
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["Cache-Control"].startswith("private")
        image = Image.open(io.BytesIO(response.content))
        assert image.size == size, variant
        if variant == "thumbnails":  # 16:9 in 3:2: transparent bands above and below, red inside
            assert image.getpixel((75, 2))[3] == 0 and image.getpixel((75, 50))[:3] == (200, 30, 30)
            etag, last_modified = response.headers["ETag"], response.headers["Last-Modified"]
    path = f"/pictures/thumbnails/preview-files/{preview['id']}.png"
    assert fetch(base_url, admin, path, **{"If-None-Match": etag}).status_code == 304
    assert fetch(base_url, admin, path, **{"If-Modified-Since": last_modified}).status_code == 304
    download = fetch(base_url, admin, f"/pictures/originals/preview-files/{preview['id']}/download")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert "sh010" in download.headers["Content-Disposition"]
    assert gazu.files.get_preview_file(preview["id"])["status"] == "ready"


def test_an_uploaded_file_is_announced_to_the_comments_readers(base_url, admin, admin_token, shot_task, tmp_path):
    """As Zou's upload route: `preview-file:add-file` (its comment, task, revision, extension and
    status) and `comment:update`, live, for the comment's readers."""
    listener = Listener(base_url, admin_token)
    try:
        preview = gazu.task.add_preview(shot_task["task"], shot_task["comment"], picture(tmp_path / "f.png", (64, 64)))
        added = listener.wait_for(lambda name, data, offset: name == "preview-file:add-file"
                                  and data.get("preview_file_id") == preview["id"])
        assert added, listener.events
        assert {key: added[1][key] for key in ("comment_id", "task_id", "revision", "extension", "status")} == {
            "comment_id": shot_task["comment"]["id"], "task_id": shot_task["task"]["id"],
            "revision": preview["revision"], "extension": "png", "status": "ready"}
        assert listener.wait_for(lambda name, data, offset: name == "comment:update"
                                 and about("comment_id", shot_task["comment"]["id"])(name, data, offset))
    finally:
        listener.close()


def test_colour_profiles_are_honoured_and_small_pictures_fitted(base_url, admin, shot_task, tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    with_profile = picture(tmp_path / "profiled.jpg", size=(300, 200), color=(10, 120, 240),
                           icc_profile=srgb, quality=95)
    preview = gazu.task.add_preview(shot_task["task"], shot_task["comment"], with_profile)
    assert (preview["status"], preview["width"], preview["height"]) == ("ready", 300, 200)
    image = Image.open(io.BytesIO(fetch(base_url, admin, f"/pictures/previews/preview-files/{preview['id']}.png").content))
    assert image.size == (1200, 800)  # upscaled to the preview's width
    red, green, blue, _ = image.getpixel((600, 400))
    assert abs(red - 10) < 8 and abs(green - 120) < 8 and abs(blue - 240) < 8


def test_other_files_are_kept_and_wrong_ones_refused(base_url, admin, shot_task, tmp_path):
    task, comment = shot_task["task"], shot_task["comment"]
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(b"%PDF-1.4 a storyboard")
    preview = gazu.task.add_preview(task, comment, str(pdf))
    assert (preview["status"], preview["extension"], preview["file_size"]) == ("ready", "pdf", 21)
    response = fetch(base_url, admin, f"/pictures/originals/preview-files/{preview['id']}.pdf")
    assert response.status_code == 200 and response.content == pdf.read_bytes()

    for name, content, message in (("notes.xyz", b"hello", "Wrong file format, extension: xyz"),
                                   ("broken.png", b"not a png", "Wrong file format, extension: png")):
        created = gazu.task.create_preview(task, comment)
        path = tmp_path / name
        path.write_bytes(content)
        status, body = admin.post(f"/pictures/preview-files/{created['id']}", files={"file": path.open("rb")})
        assert (status, body["message"]) == (400, message)
        assert admin.get(f"/data/preview-files/{created['id']}")[0] == 404  # no preview left behind


def test_one_file_per_preview_and_who_may_upload(base_url, admin, shot_task, tmp_path):
    task, comment = shot_task["task"], shot_task["comment"]
    preview = gazu.task.add_preview(task, comment, picture(tmp_path / "a.png", size=(64, 64)))
    status, body = admin.post(f"/pictures/preview-files/{preview['id']}",
                              files={"file": open(picture(tmp_path / "b.png", size=(64, 64)), "rb")})
    assert status == 400
    outsider = logged_in(base_url, admin, "user")
    created = gazu.task.create_preview(task, comment)
    status, _ = outsider.post(f"/pictures/preview-files/{created['id']}",
                              files={"file": open(picture(tmp_path / "c.png", size=(64, 64)), "rb")})
    assert status == 403
    assert outsider.get(f"/pictures/thumbnails/preview-files/{preview['id']}.png")[0] == 403
    assert admin.get("/pictures/thumbnails/preview-files/00000000-0000-0000-0000-000000000000.png")[0] == 404


def test_main_preview_annotations_and_positions(base_url, admin, shot_task, tmp_path):
    task, comment = shot_task["task"], shot_task["comment"]
    first = gazu.task.add_preview(task, comment, picture(tmp_path / "p1.png", size=(64, 64)))
    second = gazu.task.add_extra_preview(task, comment, first, picture(tmp_path / "p2.png", size=(64, 64)))
    entity = gazu.task.set_main_preview(second)
    assert (entity["id"], entity["preview_file_id"]) == (shot_task["shot"]["id"], second["id"])
    assert admin.get(f"/data/entities/{shot_task['shot']['id']}")[1]["preview_file_id"] == second["id"]

    stroke = {"time": 0, "drawing": {"objects": [{"id": "s1", "type": "path"}]}}
    status, annotated = admin.put(f"/actions/preview-files/{first['id']}/update-annotations",
                                  {"additions": [stroke], "updates": [], "deletions": []})
    assert status == 200 and annotated["annotations"] == [stroke]
    status, annotated = admin.put(f"/actions/preview-files/{first['id']}/update-annotations",
                                  {"additions": [], "updates": [], "deletions": [{"time": 0, "objects": ["s1"]}]})
    assert annotated["annotations"] == []

    status, ordered = admin.put(f"/actions/preview-files/{second['id']}/update-position", {"position": 1})
    assert status == 200
    assert [preview["position"] for preview in ordered] == list(range(1, len(ordered) + 1))
    ids = [preview["id"] for preview in ordered]
    assert ids[0] == second["id"] and first["id"] in ids


def test_a_right_withdrawn_refuses_the_very_next_thumbnail(base_url, admin, shot_task, tmp_path):
    """The gateway keeps media's answer to a thumbnail route for a caller: a change of rights
    (leaving the team, a role on the project) is seen by the very next request, a deleted
    preview too."""
    artist = logged_in(base_url, admin, "user")
    made = a_shot_task(admin, "Withdrawn", team=[artist.person["id"]])
    comment = admin.post(f"/actions/tasks/{made['task']['id']}/comment",
                         {"task_status_id": made["status"]["id"], "comment": "v1"})[1]
    preview = gazu.task.add_preview(made["task"], comment, picture(tmp_path / "team.png", size=(64, 64)))
    path = f"/pictures/thumbnails/preview-files/{preview['id']}.png"
    project = f"/data/projects/{made['project']['id']}"
    for _ in range(3):
        assert artist.get(path)[0] == 200
    assert admin.put(f"{project}/team/{artist.person['id']}", {"role": "vendor"})[0] == 200
    assert artist.get(path)[0] == 403  # a vendor sees the previews of their own tasks only
    assert admin.put(f"{project}/team/{artist.person['id']}", {"role": "user"})[0] == 200
    assert artist.get(path)[0] == 200
    assert admin.delete(f"{project}/team/{artist.person['id']}")[0] == 204
    assert artist.get(path)[0] == 403
    assert admin.get(path)[0] == 200
    assert admin.delete(f"/data/preview-files/{preview['id']}")[0] == 204
    assert admin.get(path)[0] == 404
