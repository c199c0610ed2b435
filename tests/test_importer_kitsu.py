"""Kitsu -> Kitsu (/import/kitsu/*) through the real stack: a project's breakdown copied into
another project from its rows as Kitsu serialises them, imported twice without duplicates."""
import uuid

from api import Listener, about, logged_in, unique


def new_project(admin):
    status, project = admin.post("/data/projects", {"name": unique("kitsu")})
    assert status == 201, project
    return project


def test_kitsu_entities_copied_between_projects(admin):
    source, target = new_project(admin), new_project(admin)
    status, sequence = admin.post(f"/data/projects/{source['id']}/sequences", {"name": "SQ01"})
    status, shot = admin.post(f"/data/projects/{source['id']}/shots",
                              {"name": "SH010", "sequence_id": sequence["id"], "data": {"frame_in": 5}})
    assert status == 201, shot
    rows = [dict(admin.get(f"/data/sequences/{sequence['id']}")[1], project_id=target["id"]),
            dict(admin.get(f"/data/shots/{shot['id']}")[1], project_id=target["id"], frame_out=30)]
    for row in rows:
        row.pop("entities_out", None)
    status, imported = admin.post("/import/kitsu/entities", rows)
    assert status == 200, imported
    assert [row["name"] for row in imported] == ["SQ01", "SH010"]
    assert all(row["project_id"] == target["id"] and row["type"] == "Entity" for row in imported)
    assert imported[1]["parent_id"] == imported[0]["id"]
    assert imported[1]["data"] == {"frame_in": 5, "frame_out": 30}
    rows[1]["description"] = "copied"
    status, again = admin.post("/import/kitsu/entities", rows)
    assert [row["id"] for row in again] == [row["id"] for row in imported]
    assert again[1]["description"] == "copied"
    assert [row["name"] for row in admin.get(f"/data/projects/{target['id']}/shots")[1]] == ["SH010"]
    assert [row["name"] for row in admin.get(f"/data/projects/{source['id']}/shots")[1]] == ["SH010"]


def test_kitsu_rows_keep_their_creation_date_and_update_on_reimport(admin):
    """Rows of the generic resources (here a project and a milestone) as another Kitsu answers
    them: created with the date they had there, found again by their id on the next import."""
    project = {"id": str(uuid.uuid4()), "name": unique("copied"), "created_at": "2020-05-01T12:00:00",
               "updated_at": "2021-01-01T00:00:00", "type": "Project", "fps": "25"}
    status, [copied] = admin.post("/import/kitsu/projects", [project])
    assert status == 200, copied
    assert copied["created_at"] == "2020-05-01T12:00:00" and copied["fps"] == "25"
    milestone = {"id": str(uuid.uuid4()), "name": "Delivery", "date": "2020-06-01", "project_id": project["id"],
                 "created_at": "2020-05-02T08:30:00+02:00"}
    status, [ours] = admin.post("/import/kitsu/milestones", [milestone])
    assert status == 200, ours
    assert (ours["project_id"], ours["created_at"]) == (copied["id"], "2020-05-02T06:30:00")  # in UTC
    status, [again] = admin.post("/import/kitsu/projects", [dict(project, fps="24")])
    assert (again["id"], again["fps"], again["created_at"]) == (copied["id"], "24", "2020-05-01T12:00:00")
    assert admin.get(f"/data/projects/{copied['id']}")[1]["created_at"] == "2020-05-01T12:00:00"


def test_kitsu_import_refused_to_non_admins(admin, base_url):
    user = logged_in(base_url, admin, "manager")
    assert user.post("/import/kitsu/entities", [])[0] == 403


def test_a_silent_import_is_stored_but_shown_to_no_client(admin, admin_token, base_url):
    """`?silent=true` (a sync daemon's copy): the rows are written and followed by the services,
    but no client sees their events, live or in the event log; without it, both do."""
    project = new_project(admin)
    listener = Listener(base_url, admin_token)
    try:
        silent = {"id": str(uuid.uuid4()), "name": "SQ_SILENT", "type": "Sequence", "project_id": project["id"]}
        loud = {"id": str(uuid.uuid4()), "name": "SQ_LOUD", "type": "Sequence", "project_id": project["id"]}
        status, [quiet_row] = admin.post("/import/kitsu/entities?silent=true", [silent])
        assert status == 200 and quiet_row["name"] == "SQ_SILENT", quiet_row
        status, [loud_row] = admin.post("/import/kitsu/entities", [loud])
        assert status == 200, loud_row
        assert listener.wait_for(about("sequence_id", loud_row["id"]))  # after the silent one's
        assert not [event for event in listener.events if about("sequence_id", quiet_row["id"])(*event[:3])]
    finally:
        listener.close()
    logged = admin.get("/data/events/last", project_id=project["id"], limit="100")[1]
    assert {event["data"].get("sequence_id") for event in logged} >= {loud_row["id"]}
    assert quiet_row["id"] not in {event["data"].get("sequence_id") for event in logged}
    names = [row["name"] for row in admin.get(f"/data/projects/{project['id']}/sequences")[1]]
    assert sorted(names) == ["SQ_LOUD", "SQ_SILENT"]  # written, and read by the services
