"""The importer's pure rules: how ShotGrid records read as ours."""
import pytest

from services.importer.rules import shotgun
from services.importer.rules.shotgun import BadRecord
from shared.errors import NotFound


def test_colors_and_custom_fields():
    assert shotgun.hex_color("255,0,16") == "#ff0010"
    assert shotgun.hex_color("300,0,0") is None and shotgun.hex_color("red") is None
    reading = shotgun.project({"id": 3, "name": "P", "sg_status": "Active", "sg_fps": 24, "code": "x"})
    assert reading.fields == {"name": "P", "shotgun_id": 3, "data": {"sg_fps": 24}}
    assert reading.refs == {"status": "Active"}


def test_shot_cut_range_and_casting():
    reading = shotgun.entity({"id": 8, "code": "SH1", "project": {"id": 1}, "sg_sequence": {"id": 5},
                              "sg_scene": {"id": 6}, "assets": [{"id": 7}, {"id": None}],
                              "sg_cut_in": 10, "sg_cut_duration": 5, "sg_x": 1}, "Shot")
    assert reading.fields["data"] == {"frame_in": 10, "frame_out": 15, "sg_cut_duration": 5, "sg_x": 1}
    assert reading.refs["parent"] == ("Sequence", 5) and reading.refs["source"] == ("Scene", 6)
    assert reading.refs["casting"] == [7]
    with pytest.raises(BadRecord):
        shotgun.entity({"id": 8, "code": "SH1", "project": {"id": 1}, "sg_cut_in": "ten"}, "Shot")
    with pytest.raises(BadRecord, match="project"):
        shotgun.entity({"id": 8, "code": "SH1"}, "Shot")


def test_person_roles_and_placeholder():
    reading = shotgun.person({"id": 1, "firstname": "A", "lastname": "B", "email": "a@b.c", "login": "ab",
                              "sg_status_list": "dis", "permission_rule_set": {"name": "Admin"},
                              "department": {"name": "Anim"}})
    assert reading.fields["role"] == "admin" and reading.fields["active"] is False
    assert reading.fields["desktop_login"] == "ab" and reading.refs["department"] == "Anim"
    assert shotgun.person({"id": 2, "email": "x@y.z"}).fields["role"] == "user"
    with pytest.raises(BadRecord):
        shotgun.person({"id": 3, "email": shotgun.PLACEHOLDER_EMAIL})


def test_task_references_and_dates():
    record = {"id": 4, "step": {"id": 2}, "project": {"id": 1}, "entity": {"type": "Asset", "id": 9},
              "start_date": "2024-01-02", "task_assignees": [{"id": 5}], "created_by": {"id": 6},
              "sg_status_list": "ip"}
    reading = shotgun.task(record)
    assert reading.fields["start_date"] == "2024-01-02T00:00:00" and reading.fields["due_date"] is None
    assert reading.refs["entity"] == ("Asset", 9) and reading.refs["assignees"] == [5]
    for broken, reason in ((dict(record, step=None), "step"), (dict(record, entity={"type": "Note", "id": 1}), "entity"),
                           (dict(record, due_date="2024-13-01"), "date")):
        with pytest.raises(BadRecord, match=reason):
            shotgun.task(broken)


def test_step_department_and_changes():
    reading = shotgun.step({"id": 1, "code": "Modeling Hard", "color": "0,0,0"})
    assert reading.refs["department"] == "Modeling" and reading.fields["for_entity"] == "Asset"
    assert shotgun.changed({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": 3}


# -- CSV sheets, exports, timelines, Kitsu rows ---------------------------------------------------
from services.importer.rules import casting_sheet, csv_sheets, kitsu, kitsu_rows, playlist_sheet, timelines  # noqa: E402


def test_sheet_lines_and_bad_line_numbers():
    lines = csv_sheets.lines(b"\xef\xbb\xbfSequence;Name;Frames;Frame In\nSQ1;SH1;24;1\nSQ1;SH2;x;1\n")
    assert lines[0] == (2, {"Sequence": "SQ1", "Name": "SH1", "Frames": "24", "Frame In": "1"})
    assert csv_sheets.shot_line(*lines[0])["nb_frames"] == 24
    with pytest.raises(csv_sheets.BadLine) as bad:
        csv_sheets.shot_line(*lines[1])
    assert bad.value.line_number == 3 and bad.value.message == "nb_frames must be an integer, got 'x'"
    assert csv_sheets.lines("a,b\n1,2\n") == [(2, {"a": "1", "b": "2"})]
    with pytest.raises(csv_sheets.BadLine, match="'Name'"):
        csv_sheets.shot_line(2, {"Sequence": "SQ1"})


def test_casting_sheet():
    entities = {"ep": {"name": "E1", "parent_id": None}, "sq": {"name": "SQ1", "parent_id": "ep"},
                "sh": {"name": "SH1", "parent_id": "sq"}, "bob": {"name": "Bob", "entity_type_id": "char"}}
    links = [{"entity_in_id": "sh", "entity_out_id": "bob", "nb_occurences": 2}, {"entity_in_id": "x", "entity_out_id": "bob"}]
    sheet = casting_sheet.casting_sheet({"production_type": "tvshow"}, entities, {"char": "Character"}, links)
    assert sheet == [["Episode"] + casting_sheet.CASTING_COLUMNS, ["E1", "SQ1", "SH1", "Character", "Bob", "2", ""]]


def test_timeline_shots_from_an_edl():
    edl = ("TITLE: T\nFCM: NON-DROP FRAME\n\n"
           "001  AX       V     C        00:00:00:00 00:00:02:00 01:00:00:00 01:00:02:00\n"
           "* FROM CLIP NAME: Prj_SQ01-SH010.mov\n\n"
           "002  AX       V     C        00:00:00:00 00:00:01:00 01:00:02:00 01:00:03:00\n"
           "* FROM CLIP NAME: Other_SQ01-SH020.mov\n")
    shots = timelines.shots(edl, "cut.edl", 25, timelines.PROJECT_CONVENTION, "prj")
    assert shots == [{"episode": None, "sequence": "SQ01", "name": "SH010", "nb_frames": 50,
                      "frame_in": 0, "frame_out": 49}]
    with pytest.raises(BadRecord):
        timelines.shots(edl, "cut.edl", 25, timelines.PROJECT_CONVENTION, "nobody")


def test_kitsu_rows_read_as_ours():
    kind, fields, refs = kitsu.entity({"id": "x", "name": "SH1", "project_id": "p", "type": "Shot",
                                       "sequence_id": "s", "frame_in": 3, "data": {"a": 1}, "entities_out": ["z"]})
    assert kind == "Shot" and fields["data"] == {"a": 1, "frame_in": 3}
    assert refs == {"project": "p", "parent": "s", "entity_type": None, "casting": ["z"]}
    assert kitsu.entity({"id": "y", "name": "Bob", "project_id": "p", "type": "Asset",
                         "entity_type_id": "t"})[2]["entity_type"] == "t"
    body = kitsu_rows.body_of({"id": "1", "type": "Task", "entity_id": "e", "assignees": ["a", "b"], "x": 1},
                              {"entity_id", "assignees"}, {"e": "E", "a": "A"})
    assert body == {"entity_id": "E", "assignees": ["A", "b"]}


def test_playlist_sheet_lines():
    playlist = {"name": "Daily", "for_entity": "sequence", "created_at": "2026-07-01T10:00:00"}
    production = {"project_name": "P", "episode_name": "E1",
                  "entities": {"s1": {"full_name": "E1 / SQ1 / SH1", "nb_frames": None}}}
    tasks = {"t1": {"entity_id": "s1", "task_type_name": "Anim", "task_status_name": "Retake", "retake_count": 2,
                    "last_comment": {"author": "Jo X", "date": "2026-12-31T23:30:00", "text": "again"}},
             "t2": {"entity_id": "s1", "task_type_name": "Layout", "task_status_name": "Todo", "retake_count": 0,
                    "last_comment": None}}
    entries = [{"entity_id": "s1", "task_id": "t1", "revision": 3}, {"entity_id": "s1", "task_id": "t2", "revision": 1}]
    lines = playlist_sheet.playlist_sheet(playlist, entries, production, tasks, "Asia/Tokyo")
    assert lines == [["Playlist", "P - E1 | for assets", "Daily", "2026-07-01T19:00:00", "", "", ""], [""] * 7,
                     playlist_sheet.COLUMNS,
                     ["E1 / SQ1 / SH1", "", "Anim", 2, 3, "Retake", "Jo X", "2027-01-01T08:30:00", "again"],
                     ["E1 / SQ1 / SH1", "", "Layout", 0, 1, "Todo", "", "", ""]]
    assert playlist_sheet.local_time("2026-07-01T10:00:00", "Not/AZone") == "2026-07-01T12:00:00"  # Paris
    with pytest.raises(NotFound):  # the preview's task is not the entry's entity's
        playlist_sheet.playlist_sheet(playlist, [{"entity_id": "a1", "task_id": "t1", "revision": 1}],
                                      {**production, "entities": {"a1": {"full_name": "Prop / Hat", "nb_frames": 0}}},
                                      tasks, "UTC")
    assert playlist_sheet.file_name("Big Show-2", {"name": "Daily été"}) == "kitsu_big_show_2_playlist_daily_ete.csv"
