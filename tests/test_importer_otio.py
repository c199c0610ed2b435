"""OTIO / EDL import through the real stack: an EDL's clips, named after the naming convention,
become shots with their frame ranges; sent again, the same shots are updated."""
from api import unique

EDL = """TITLE: Timeline 1
FCM: NON-DROP FRAME

001  AX       V     C        00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00
* FROM CLIP NAME: {project}_SQ01-SH010.mov

002  AX       V     C        00:00:00:00 00:00:01:00 01:00:02:00 01:00:03:00
* FROM CLIP NAME: {project}_SQ01-SH020.mov

003  AX       V     C        00:00:00:00 00:00:01:00 01:00:03:00 01:00:04:00
* FROM CLIP NAME: somebody_else.mov
"""


def send(api, path, content, name="cut.edl"):
    return api.request("POST", path, files={"file": (name, content.encode(), "text/plain")})


def test_edl_timeline_imported(admin):
    name = unique("otio")
    status, project = admin.post("/data/projects", {"name": name, "fps": "25"})
    path = f"/import/otio/projects/{project['id']}"
    status, body = send(admin, path, EDL.format(project=name))
    assert status == 201, body
    assert body["updated_shots"] == []
    shots = {shot["name"]: shot for shot in body["created_shots"]}
    assert set(shots) == {"SH010", "SH020"}
    assert shots["SH010"]["nb_frames"] == 50 and shots["SH010"]["data"] == {"frame_in": 0, "frame_out": 49}
    assert shots["SH020"]["data"] == {"frame_in": 50, "frame_out": 74}
    status, sequences = admin.get(f"/data/projects/{project['id']}/sequences")
    assert [sequence["name"] for sequence in sequences] == ["SQ01"]
    status, again = send(admin, path, EDL.format(project=name))
    assert status == 201 and again["created_shots"] == []
    assert sorted(shot["id"] for shot in again["updated_shots"]) == sorted(shot["id"] for shot in shots.values())
    status, body = send(admin, path, EDL.format(project="other"))
    assert status == 400
