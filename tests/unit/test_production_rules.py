"""Production's domain rules, in process (services/production/rules): no database, no broker."""
import datetime

import pytest

from services.production.rules import casting, descriptors, entities, projects, requests, schedules
from shared.errors import CrudError, ValidationError, WrongParameter


# -- entities ---------------------------------------------------------------------------------
def test_kind_of_type_is_the_temporal_kind_or_asset():
    assert entities.kind_of_type("Shot") == "Shot"
    assert entities.kind_of_type("Concept") == "Concept"
    assert entities.kind_of_type("Character") == "Asset"
    assert entities.kind_of_type("ConceptFolder") == "Asset"


def test_full_entity_name():
    assert entities.full_entity_name("Shot", "SH1", "SQ1", None, "Shot") == "SQ1 / SH1"
    assert entities.full_entity_name("Shot", "SH1", "SQ1", "E1", "Shot") == "E1 / SQ1 / SH1"
    assert entities.full_entity_name("Sequence", "SQ1", "E1", None, "Sequence") == "E1 / SQ1"
    assert entities.full_entity_name("Episode", "E1", None, None, "Episode") == "E1"
    assert entities.full_entity_name("Asset", "Bob", None, None, "Character") == "Character / Bob"


def test_require_name():
    entities.require_name({"name": "SH010"})
    with pytest.raises(WrongParameter):
        entities.require_name(["SH010"])
    for body in ({}, {"name": "  "}, {"name": 12}):
        with pytest.raises(ValidationError):
            entities.require_name(body)


def test_entity_data_must_be_an_object():
    assert entities.entity_data({}) == {}
    assert entities.entity_data({"data": {"a": 1}}) == {"a": 1}
    with pytest.raises(WrongParameter):
        entities.entity_data({"data": [1]})


def test_optional_fields_per_kind():
    body = {"is_shared": True, "nb_frames": 24, "name": "x"}
    assert entities.optional_fields("Asset", body) == {"is_shared": True}
    assert entities.optional_fields("Shot", body) == {"nb_frames": 24}
    assert entities.optional_fields("Sequence", body) == {}


def test_deletion_rules():
    assert entities.cancelled_if_tasked("Asset", force=False)
    assert entities.cancelled_if_tasked("Shot", force=False)
    assert not entities.cancelled_if_tasked("Shot", force=True)
    assert not entities.cancelled_if_tasked("Sequence", force=False)
    entities.check_children("Sequence", has_children=False, force=False)
    entities.check_children("Sequence", has_children=True, force=True)
    entities.check_children("Asset", has_children=True, force=False)
    with pytest.raises(WrongParameter, match="this episode"):
        entities.check_children("Episode", has_children=True, force=False)
    assert entities.children_go_too("Sequence", force=False)
    assert entities.children_go_too("Shot", force=True)
    assert not entities.children_go_too("Asset", force=False)


def test_instance_names_and_frame_ranges():
    assert entities.instance_name("Big Tree (v2)", 3) == "big_tree_v2_0003"
    assert entities.instance_name("", 12) == "_0012"
    assert entities.frame_range({"fps": 24, "frame_in": 1, "frame_out": 48, "x": 1}) == {
        "fps": 24, "frame_in": 1, "frame_out": 48}


def test_a_previews_frames_at_the_project_fps():
    assert entities.frame_count(2.0, "25") == 50
    assert entities.frame_count(2.0, "23.976") == 48  # rounded, as the Zou reference
    assert entities.frame_count(2.0, "25.2") == 50
    assert entities.frame_count(None, "25") == 0
    assert entities.frame_count(2.0, "x") is None and entities.frame_count(2.0, None) is None
    assert entities.frame_range(None) == {"fps": None, "frame_in": None, "frame_out": None}


# -- casting ----------------------------------------------------------------------------------
A, B, C = ("00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b",
           "00000000-0000-0000-0000-00000000000c")


def test_casting_arrays_read_as_zou_reads_them():
    assert casting.is_casting([{"asset_id": A}])
    assert casting.is_casting([])
    assert not casting.is_casting({"asset_id": A})
    assert not casting.is_casting([A])
    assert casting.wanted([{"asset_id": A}, {"asset_id": B, "nb_occurences": "3", "label": None}]) == {
        A: (1, ""), B: (3, "")}
    with pytest.raises(WrongParameter):
        casting.wanted([{"asset_id": A, "nb_occurences": "many"}])


def test_casting_diff_keeps_existing_assets_only():
    current = {A: {"nb_occurences": 1, "label": ""}, B: {"nb_occurences": 2, "label": ""}}
    wanted, added, removed = casting.casting_diff(current, {B: (1, ""), C: (1, "fixed")}, existing_assets={B, C})
    assert wanted == {B: (1, ""), C: (1, "fixed")}
    assert added == [C] and removed == [A]
    wanted, added, removed = casting.casting_diff(current, {C: (1, "")}, existing_assets=set())
    assert wanted == {} and added == [] and removed == [A, B]


def test_link_change_and_recast():
    link = {"nb_occurences": 2, "label": "bg"}
    assert casting.link_change(link, 2, "bg") is None
    assert casting.link_change(link, 3, "bg") == {"nb_occurences": 3, "label": "bg"}
    assert casting.recast({A: (1, "")}, B, 2, "x") == {A: (1, ""), B: (2, "x")}
    assert casting.recast({A: (1, ""), B: (2, "x")}, B, 0, "") == {A: (1, "")}
    assert casting.recast({A: (1, "")}, B, 0, "") == {A: (1, "")}


# -- projects and templates -------------------------------------------------------------------
def test_project_settings():
    projects.check_project_settings({"production_style": "3d", "resolution": "x1080"})
    with pytest.raises(WrongParameter):
        projects.check_project_settings({"production_style": "oil-painting"})
    with pytest.raises(WrongParameter, match="Invalid resolution"):
        projects.check_project_settings({"resolution": "1920*1080"})


def test_team_role_and_deletion():
    assert projects.team_role({}) is None
    assert projects.team_role({"role": "supervisor"}) == "supervisor"
    with pytest.raises(ValidationError):
        projects.team_role({"role": "boss"})
    assert projects.deletable("Closed")
    assert not projects.deletable("Open")


def test_link_data_defaults_and_answers():
    assert projects.link_data("task_type_links", {"priority": 2, "id": "x"}) == {
        "priority": 2, "hd_bitrate_compression": None, "ld_bitrate_compression": None,
        "is_client_visible": True}
    stored = projects.new_link("task_status_links", {"priority": 1}, {"id": "L", "created_at": "then"})
    assert stored["id"] == "L" and stored["created_at"] == "then" and stored["priority"] == 1
    assert stored["roles_for_board"] == projects.BOARD_ROLES
    owner = {"id": "P", "task_type_links": {}, "created_at": datetime.datetime(2024, 1, 2),
             "updated_at": datetime.datetime(2024, 1, 3)}
    answer = projects.link_answer("project_id", owner, "task_type_id", "T", "task_type_links", "Link")
    again = projects.link_answer("project_id", owner, "task_type_id", "T", "task_type_links", "Link")
    assert answer["id"] == again["id"]  # stable id of a link stored without one
    assert answer["created_at"].startswith("2024-01-02") and answer["type"] == "Link"
    assert projects.link_overlay("task_status_links", {"is_client_allowed": True})["link_is_client_allowed"]
    assert projects.link_overlay(None, {}) == {}


def test_template_changes():
    project = {"fps": "25", "ratio": "16:9", "task_types": [A], "task_type_links": {A: {"priority": 1}},
               "task_status_links": {}, "default_preview_background_file_id": None}
    template = {"fps": "24", "ratio": "4:3", "task_types": [B, A], "task_type_links": {A: {"priority": 9},
                                                                                      B: {"priority": 2}},
                "task_status_links": None, "default_preview_background_file_id": C}
    changes = projects.template_changes(project, template, ["fps", "ratio", "task_types"], {"task_types"},
                                        keep={"ratio"})
    assert changes["fps"] == "24" and "ratio" not in changes
    assert changes["task_types"] == [A, B]  # the project's first, the template's added
    assert changes["task_type_links"] == {A: {"priority": 1}, B: {"priority": 2}}  # the project's win
    assert changes["default_preview_background_file_id"] == C
    assert "default_preview_background_file_id" not in projects.template_changes(
        project, template, [], set(), keep={"default_preview_background_file_id"})


# -- descriptors ------------------------------------------------------------------------------
def test_descriptor_rules():
    assert descriptors.field_name("Épisode Count!") == "episode_count"
    descriptors.check_descriptor({"entity_type": "Task", "data_type": "list"})
    with pytest.raises(WrongParameter):
        descriptors.check_descriptor({"entity_type": "Person"})
    with pytest.raises(WrongParameter):
        descriptors.check_descriptor({"data_type": "blob"})
    assert descriptors.all_projects_entity_type("Shot") == "Shot"
    with pytest.raises(WrongParameter):
        descriptors.all_projects_entity_type("Task")
    rows = [{"field_name": "b"}, {"field_name": "x"}, {"field_name": "a"}]
    assert descriptors.in_field_order({"a": 0, "b": 1}, rows) == [{"field_name": "a"}, {"field_name": "b"}]


# -- planning ---------------------------------------------------------------------------------
def test_new_schedule_items_last_a_day_from_today():
    today = datetime.date(2024, 2, 28)
    assert schedules.new_item_dates(today=today) == (today, datetime.date(2024, 2, 29))
    assert schedules.PLANNED_KINDS["episodes"] == "Episode"


# -- request values ---------------------------------------------------------------------------
def test_request_values():
    assert requests.uuid_arg(A.upper()) == A
    with pytest.raises(WrongParameter, match="Wrong UUID format"):
        requests.uuid_arg("nope")
    assert requests.as_id("nope") is None
    assert requests.required_id({"shot_id": A}, "shot_id") == A
    for body in ({}, {"shot_id": ""}, {"shot_id": "x"}, None):
        with pytest.raises(ValidationError):
            requests.required_id(body, "shot_id")
    with pytest.raises(ValidationError) as missing:
        requests.required({"a": 1}, "a", "b", "c")
    assert [e["field"] for e in missing.value.body["data"]["errors"]] == ["b", "c"]
    assert requests.boolean("yes", "x") is True and requests.boolean(0, "x") is False
    with pytest.raises(ValidationError):
        requests.boolean(1.0, "x")
    with pytest.raises(ValidationError):
        requests.boolean("maybe", "x")


def test_parsed_changes_ignore_protected_and_unknown_keys():
    from services.production.models.budgets import BUDGETS
    assert requests.parsed_changes(BUDGETS, {"name": "B2", "revision": 7, "nope": 1}) == {"name": "B2"}
    with pytest.raises(CrudError):
        requests.parsed_changes(BUDGETS, {"name": None})
