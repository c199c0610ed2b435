"""CSV import and export of a production through the real stack: shots and assets sheets exported,
edited and imported back with update=true; a bad line answers Zou's 400 with its line number and
writes nothing."""
from api import a_shot_task, logged_in, new_person, unique


def sheet(api, path):
    status, text = api.get(path)
    assert status == 200, text
    return [line.split(";") for line in text.strip().splitlines()]


def send(api, path, lines, **query):
    content = "\n".join(";".join(line) for line in lines) + "\n"
    return api.request("POST", path, files={"file": ("sheet.csv", content.encode(), "text/csv")}, **query)


def test_shots_csv_round_trip(admin):
    status, project = admin.post("/data/projects", {"name": unique("csv")})
    pid = project["id"]
    status, sequence = admin.post(f"/data/projects/{pid}/sequences", {"name": "SQ01"})
    status, shot = admin.post(f"/data/projects/{pid}/shots", {"name": "SH010", "sequence_id": sequence["id"],
                                                              "nb_frames": 24, "data": {"frame_in": 1, "frame_out": 25}})
    lines = sheet(admin, f"/export/csv/projects/{pid}/shots.csv")
    assert lines[0] == ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames",
                        "Frame In", "Frame Out", "FPS"]
    assert lines[1] == [project["name"], "", "SQ01", "SH010", "", "0.00", "24", "1", "25", ""]
    edited = [lines[0], lines[1][:4] + ["retimed", "0.00", "30", "1", "31", ""],
              [project["name"], "", "SQ02", "SH020", "new", "0.00", "12", "1", "13", ""]]
    status, rows = send(admin, f"/import/csv/projects/{pid}/shots", edited)
    assert status == 201, rows
    assert [row["name"] for row in rows] == ["SH010", "SH020"]
    assert rows[0]["id"] == shot["id"] and rows[0]["description"] in ("", None)  # not updated without update=true
    status, rows = send(admin, f"/import/csv/projects/{pid}/shots", edited, update="true")
    assert status == 201 and rows[0]["id"] == shot["id"]
    lines = sheet(admin, f"/export/csv/projects/{pid}/shots.csv")
    assert [line[2:9] for line in lines[1:]] == [["SQ01", "SH010", "retimed", "0.00", "30", "1", "31"],
                                                ["SQ02", "SH020", "new", "0.00", "12", "1", "13"]]


def test_shots_csv_task_columns(admin, base_url):
    """A shot's task: its type's columns (status, assignees' names), its duration as days."""
    artist, other = new_person(admin, first_name="Ann", last_name="Lee"), new_person(admin, first_name="Bo", last_name="")
    made = a_shot_task(admin, "csv", shot_data={"frame_in": 1, "frame_out": 48, "fps": 24})
    task, pid = made["task"], made["project"]["id"]
    status, _ = admin.put(f"/data/tasks/{task['id']}", {"assignees": [artist["id"], other["id"]], "duration": 720})
    assert status == 200
    default_status = next(row for row in admin.get("/data/task-status")[1] if row["id"] == task["task_status_id"])
    lines = sheet(admin, f"/export/csv/projects/{pid}/shots.csv")
    assert lines[0][-2:] == [made["task_type"]["name"], "Assignations"]
    assert lines[1] == [made["project"]["name"], "", "SQ01", "SH010", "", "1.50", "", "1", "48", "24",
                        default_status["short_name"], "Ann Lee,Bo"]
    assert admin.get(f"/export/csv/projects/{made['shot']['id']}/shots.csv")[0] == 404
    outsider = logged_in(base_url, admin, "user")
    assert outsider.get(f"/export/csv/projects/{pid}/shots.csv")[0] == 403


def test_csv_bad_line_reported_nothing_written(admin):
    status, project = admin.post("/data/projects", {"name": unique("csv")})
    pid = project["id"]
    lines = [["Project", "Sequence", "Name", "Frames"], [project["name"], "SQ01", "SH010", "24"],
             [project["name"], "SQ01", "SH020", "abc"]]
    status, body = send(admin, f"/import/csv/projects/{pid}/shots", lines)
    assert status == 400
    assert body == {"error": True, "message": "nb_frames must be an integer, got 'abc'", "line_number": 3,
                    "imported_rows": 0}
    assert admin.get(f"/data/projects/{pid}/shots")[1] == []
    assert admin.get(f"/data/projects/{pid}/sequences")[1] == []


def test_assets_csv_import_and_export(admin, base_url):
    status, project = admin.post("/data/projects", {"name": unique("csv")})
    pid = project["id"]
    lines = [["Project", "Type", "Name", "Description"], [project["name"], "Character", "Bob", "hero"],
             [project["name"], "Prop", "Hat", ""]]
    status, rows = send(admin, f"/import/csv/projects/{pid}/assets", lines)
    assert status == 201 and [row["name"] for row in rows] == ["Bob", "Hat"]
    exported = sheet(admin, f"/export/csv/projects/{pid}/assets.csv")
    assert exported == [["Project", "Type", "Name", "Description", "Time Spent"],
                        [project["name"], "Character", "Bob", "hero", "0.00"],
                        [project["name"], "Prop", "Hat", "", "0.00"]]
    user = logged_in(base_url, admin, "user")
    assert send(user, f"/import/csv/projects/{pid}/assets", lines)[0] == 403
