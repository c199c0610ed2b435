"""Avatars and preview backgrounds' files through the real stack: a person's, a project's and the
organisation's picture uploaded (gazu's upload_*_avatar: the gateway stages it, media fits it into
400x400 and the owner's row gets `has_avatar`), served with conditional answers, refused to whom
Zou refuses them; a preview background's HDR file kept with its 300x200 thumbnail. Refused or bad
uploads change no row."""
import io
import math
import time

import gazu
import pytest
import requests
from PIL import Image

from api import Api, logged_in, unique


@pytest.fixture(scope="module")
def people(base_url, admin):
    """An artist and a manager in a project's team, an artist and a manager out of it; gazu as admin."""
    made = {role: logged_in(base_url, admin, kind) for role, kind in (
        ("artist", "user"), ("manager", "manager"), ("outsider", "user"), ("manager_out", "manager"))}
    status, project = admin.post("/data/projects", {"name": unique("Avatars"), "team": [
        made["artist"].person["id"], made["manager"].person["id"]]})
    assert status == 201, project
    gazu.set_host(base_url)
    gazu.log_in("admin@example.com", "mysecretpassword")
    return dict(made, project=project)


def picture(path, size=(800, 400), color=(20, 200, 60)):
    Image.new("RGB", size, color).save(path)
    return str(path)


def fetch(base_url, api, path, **headers):
    return requests.get(base_url + path, headers={"Authorization": f"Bearer {api.token}", **headers}, timeout=30)


def upload(api, path, file_path, name="file"):
    with open(file_path, "rb") as handle:
        return api.post(path, files={name: handle})


def events_named(admin, name, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = admin.get("/data/events/last", name=name, limit=100)[1]
        if found:
            return found
        time.sleep(0.3)
    return []


def test_a_person_uploads_their_own_avatar(base_url, admin, people, tmp_path):
    artist, outsider = people["artist"], people["outsider"]
    person_id = artist.person["id"]
    status, answer = upload(artist, f"/pictures/thumbnails/persons/{person_id}", picture(tmp_path / "me.png"))
    assert (status, answer) == (201, {"thumbnail_path": f"pictures/thumbnails/persons/{person_id}.png"})
    assert admin.get(f"/data/persons/{person_id}")[1]["has_avatar"] is True
    # the uploader's next requests see its upload; anyone logged in sees avatars
    for who, path in ((artist, f"/pictures/thumbnails/persons/{person_id}.png"),
                      (outsider, f"/pictures/thumbnails/persons/{person_id}")):
        response = fetch(base_url, who, path)
        assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        assert image.size == (400, 400)  # 2:1 fitted: transparent bands above and below
        assert image.getpixel((200, 20))[3] == 0 and image.getpixel((200, 200)) == (20, 200, 60, 255)
    assert fetch(base_url, outsider, path, **{"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert any(event["data"].get("person_id") == person_id for event in events_named(admin, "person:set-thumbnail"))

    # gazu, as the admin, for someone else; the person's avatar cleared: 404
    gazu.files.upload_person_avatar(outsider.person, picture(tmp_path / "other.jpg", size=(50, 50)))
    assert admin.delete(f"/actions/persons/{outsider.person['id']}/clear-avatar")[0] == 204
    assert fetch(base_url, admin, f"/pictures/thumbnails/persons/{outsider.person['id']}.png").status_code == 404


def test_person_avatars_refused(base_url, admin, people, tmp_path):
    artist, outsider = people["artist"], people["outsider"]
    target = outsider.person["id"]
    assert upload(artist, f"/pictures/thumbnails/persons/{target}", picture(tmp_path / "a.png"))[0] == 403
    assert upload(artist, "/pictures/thumbnails/persons/00000000-0000-0000-0000-000000000000",
                  picture(tmp_path / "b.png"))[0] == 404
    assert upload(artist, "/pictures/thumbnails/persons/not-an-id", picture(tmp_path / "c.png"))[0] == 400
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    status, body = upload(outsider, f"/pictures/thumbnails/persons/{target}", broken)
    assert (status, body["message"]) == (400, "Wrong file format, extension: png")
    status, body = upload(outsider, f"/pictures/thumbnails/persons/{target}", picture(tmp_path / "d.png"), name="other")
    assert (status, body["message"]) == (400, "File not provided.")
    assert admin.get(f"/data/persons/{target}")[1]["has_avatar"] is False  # nothing changed
    assert fetch(base_url, artist, f"/pictures/thumbnails/persons/{target}.png").status_code == 404


def test_project_avatars_for_its_managers_and_team(base_url, admin, people, tmp_path):
    project_id = people["project"]["id"]
    path = f"/pictures/thumbnails/projects/{project_id}"
    assert upload(people["artist"], path, picture(tmp_path / "p.png"))[0] == 403
    assert upload(people["manager_out"], path, picture(tmp_path / "p.png"))[0] == 403
    assert fetch(base_url, people["artist"], f"{path}.png").status_code == 404  # no avatar yet
    status, answer = upload(people["manager"], f"{path}.png", picture(tmp_path / "p.png", size=(300, 600)))
    assert (status, answer["thumbnail_path"]) == (201, f"pictures/thumbnails/projects/{project_id}.png")
    assert admin.get(f"/data/projects/{project_id}")[1]["has_avatar"] is True
    assert gazu.files.upload_project_avatar(project_id, picture(tmp_path / "q.png", size=(300, 600)))["thumbnail_path"]
    for who, expected in (("artist", 200), ("manager_out", 200), ("outsider", 403)):
        response = fetch(base_url, people[who], f"{path}.png")
        assert response.status_code == expected, who
    image = Image.open(io.BytesIO(fetch(base_url, people["artist"], path).content))
    assert image.size == (400, 400) and image.getpixel((20, 200))[3] == 0  # 1:2 fitted: bands left and right


def test_the_organisation_avatar(base_url, admin, people, tmp_path):
    organisation = admin.get("/data/organisations")[1][0]
    path = f"/pictures/thumbnails/organisations/{organisation['id']}"
    assert upload(people["manager"], path, picture(tmp_path / "o.png"))[0] == 403
    assert gazu.files.upload_organisation_avatar(organisation, picture(tmp_path / "o.png", size=(64, 64)))
    assert admin.get("/data/organisations")[1][0]["has_avatar"] is True
    response = fetch(base_url, people["outsider"], f"{path}.png")
    assert response.status_code == 200 and Image.open(io.BytesIO(response.content)).size == (400, 400)


def radiance(width=64, height=32):
    """A Radiance HDR picture, flat RGBE pixels: a ramp from dark to over-exposed, left to right."""
    rows = []
    for _ in range(height):
        for x in range(width):
            value = 2 * x / width + 0.01
            exponent = math.frexp(value)[1]
            mantissa = int(value / 2 ** exponent * 256)
            rows.append(bytes((mantissa, mantissa // 2, mantissa // 4, exponent + 128)))
    return b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y %d +X %d\n" % (height, width) + b"".join(rows)


def test_preview_background_files(base_url, admin, people, tmp_path):
    status, background = admin.post("/data/preview-background-files", {"name": unique("studio")})
    assert status == 201, background
    path = tmp_path / "studio light.hdr"
    path.write_bytes(radiance())
    assert upload(people["manager"], f"/pictures/preview-background-files/{background['id']}", path)[0] == 403
    status, stored = upload(admin, f"/pictures/preview-background-files/{background['id']}", path)
    assert status == 201, stored
    assert (stored["id"], stored["extension"], stored["original_name"], stored["file_size"]) == (
        background["id"], "hdr", "studio light", len(radiance()))
    response = fetch(base_url, people["artist"], f"/pictures/preview-background-files/{background['id']}.hdr")
    assert response.status_code == 200 and response.content == radiance()
    assert response.headers["Content-Type"] == "image/vnd.radiance"
    assert fetch(base_url, admin, f"/pictures/preview-background-files/{background['id']}.exr").status_code == 404
    thumbnail = fetch(base_url, people["artist"],
                      f"/pictures/thumbnails/preview-background-files/{background['id']}.png")
    image = Image.open(io.BytesIO(thumbnail.content))
    assert image.size == (300, 200) and image.getpixel((10, 5))[3] == 0  # 2:1 in 3:2: bands
    dark, bright = image.getpixel((5, 100)), image.getpixel((225, 100))  # values ~0.04 and ~1.5
    assert dark[0] < 80 and bright[0] == 255 and 200 < bright[1] < 240  # gamma 2.2, clamped to 1
    status, body = admin.post(f"/pictures/thumbnails/preview-background-files/{background['id']}.png")
    assert (status, body["error"]) == (405, True)
    assert any(event["data"].get("preview_background_file_id") == background["id"]
               for event in events_named(admin, "preview-background-file:add-file"))


def test_a_wrong_background_file_removes_the_background(base_url, admin, tmp_path):
    for name, content, message in (("light.exr", b"exr", "Wrong file format, extension: exr"),
                                   ("light.hdr", b"#?RADIANCE\n\n", None)):
        background = admin.post("/data/preview-background-files", {"name": unique("bad")})[1]
        path = tmp_path / name
        path.write_bytes(content)
        status, body = upload(admin, f"/pictures/preview-background-files/{background['id']}", path)
        assert status == 400 and (message is None or body["message"] == message)
        assert admin.get(f"/data/preview-background-files/{background['id']}")[0] == 404  # Zou removes it
    assert Api(base_url).get("/pictures/thumbnails/persons/00000000-0000-0000-0000-000000000000.png")[0] == 401
