"""The pure rules of the tasks service (services/tasks/rules): status changes, automations,
entity names, notifications, ids, busy periods, a production's sheets. No database, no broker."""
import datetime

import pytest

from services.tasks.rules.entity_names import full_entity_name
from services.tasks.rules.ids import checked_id, found_id, id_list, optional_id, required_id
from services.tasks.rules.notifications import assignation_notified, comment_recipients
from services.tasks.rules import spreadsheets
from services.tasks.rules.schedules import merged
from services.tasks.rules.status_changes import automation_applies, replayed_history, status_changes
from shared.errors import NotFound, WrongParameter

ID = "6f0c6a1e-2b1d-4d1e-9a53-1f1d2c3b4a5e"
NOW = "2026-03-01T10:00:00"
STATUS = {"is_wip": False, "is_feedback_request": False, "is_done": False, "is_retake": False}


def status(**flags):
    return {**STATUS, **flags}


# -- a comment's status -----------------------------------------------------------------------------
def test_any_status_dates_the_last_comment_only():
    task = {"real_start_date": None, "retake_count": 0}
    assert status_changes(task, status(), None, NOW) == {"last_comment_date": NOW}


def test_wip_starts_the_task_once():
    assert status_changes({"real_start_date": None, "retake_count": 0}, status(is_wip=True), None, NOW)[
        "real_start_date"] == NOW
    started = {"real_start_date": "2026-01-01T00:00:00", "retake_count": 0}
    assert "real_start_date" not in status_changes(started, status(is_wip=True), None, NOW)


def test_feedback_request_ends_and_done_dates_the_task():
    task = {"real_start_date": None, "retake_count": 0}
    assert status_changes(task, status(is_feedback_request=True), None, NOW)["end_date"] == NOW
    assert status_changes(task, status(is_done=True), None, NOW)["done_date"] == NOW


def test_a_retake_counts_once_while_it_stays_a_retake():
    task = {"real_start_date": None, "retake_count": 2}
    assert status_changes(task, status(is_retake=True), status(), NOW)["retake_count"] == 3
    assert status_changes(task, status(is_retake=True), None, NOW)["retake_count"] == 3
    assert "retake_count" not in status_changes(task, status(is_retake=True), status(is_retake=True), NOW)
    assert status_changes({"real_start_date": None, "retake_count": None},
                          status(is_retake=True), None, NOW)["retake_count"] == 1


def entry(status_id, moment, **flags):
    return {"task_status_id": status_id, "moment": moment, **status(**flags)}


def test_a_task_without_comments_gets_the_default_status_back():
    assert replayed_history([], "default") == {
        "retake_count": 0, "real_start_date": None, "last_comment_date": None, "end_date": None,
        "done_date": None, "task_status_id": "default"}


def test_the_history_replays_dates_and_counts_retakes_in_a_row_once():
    history = [entry("wip", "d1", is_wip=True), entry("wfa", "d2", is_feedback_request=True),
               entry("retake", "d3", is_retake=True), entry("retake", "d4", is_retake=True),
               entry("wip", "d5", is_wip=True), entry("retake", "d6", is_retake=True),
               entry("wfa", "d7", is_feedback_request=True), entry("done", "d8", is_done=True)]
    assert replayed_history(history, "default") == {
        "retake_count": 2, "real_start_date": "d1", "last_comment_date": "d8", "end_date": "d2",
        "done_date": "d8", "task_status_id": "done"}


def test_automations_match_the_entity_kind_whatever_the_case():
    assert automation_applies("asset", "Asset")
    assert automation_applies("Shot", "shot")
    assert not automation_applies("asset", "Shot")
    assert not automation_applies(None, "Shot")
    assert automation_applies(None, None)


# -- display names ----------------------------------------------------------------------------------
def named(kind, name, parent=None, grandparent=None, entity_type=None, source_id=None):
    return {"entity_kind": kind, "entity_name": name, "entity_type_name": entity_type,
            "source_id": source_id, "parent_id": parent and "p-id", "parent_name": parent,
            "grandparent_id": grandparent and "g-id", "grandparent_name": grandparent}


def test_full_entity_names_as_zou_shows_them():
    assert full_entity_name(named("Shot", "SH010", "SQ01", "EP01")) == ("EP01 / SQ01 / SH010", "g-id")
    assert full_entity_name(named("Shot", "SH010", "SQ01")) == ("SQ01 / SH010", None)
    assert full_entity_name(named("Sequence", "SQ01", "EP01")) == ("EP01 / SQ01", "p-id")
    assert full_entity_name(named("Episode", "EP01")) == ("EP01", None)
    assert full_entity_name(named("Asset", "Tree", entity_type="Props", source_id="ep")) == ("Props / Tree", "ep")
    assert full_entity_name(named("Asset", "Tree")) == ("Tree", None)
    assert full_entity_name(named(None, None)) == ("", None)


# -- who hears of what ------------------------------------------------------------------------------
def test_comment_recipients_never_include_the_author():
    told, mentioned = comment_recipients("me", ["me", "a"], ["b", "a"], ["me", "c"])
    assert told == {"a", "b"}
    assert mentioned == {"c"}
    assert comment_recipients("me", None, None, None) == (set(), set())


def test_nobody_is_told_of_their_own_assignment():
    assert assignation_notified("p", "boss")
    assert not assignation_notified("p", "p")
    assert not assignation_notified("p", None)


# -- ids --------------------------------------------------------------------------------------------
def test_ids_are_canonical_or_refused_as_each_route_answers():
    assert optional_id(ID.upper()) == ID
    assert optional_id("nope") is None
    assert found_id(ID) == ID
    with pytest.raises(NotFound):
        found_id("nope")
    with pytest.raises(WrongParameter, match="Invalid id: x"):
        checked_id("x")
    with pytest.raises(WrongParameter, match="A valid person_id is required."):
        required_id({"person_id": "x"}, "person_id")
    with pytest.raises(WrongParameter, match="A valid person_id is required."):
        required_id(None, "person_id")


def test_id_lists_keep_the_valid_ids_and_refuse_what_is_no_list():
    assert id_list([ID, "bad", ID.upper()]) == [ID, ID]
    assert id_list({"task_ids": [ID]}, "task_ids") == [ID]
    for body, key in (({"task_ids": ID}, "task_ids"), ([ID], "task_ids"), ("x", None), ({}, "task_ids")):
        with pytest.raises(WrongParameter):
            id_list(body, key)


# -- the team schedule ------------------------------------------------------------------------------
def test_busy_periods_merge_overlapping_and_touching_intervals():
    d = datetime.date
    assert merged([(d(2026, 1, 10), d(2026, 1, 20)), (d(2026, 1, 1), d(2026, 1, 5)),
                   (d(2026, 1, 15), d(2026, 1, 25)), (d(2026, 1, 25), d(2026, 1, 26))]) == [
        [d(2026, 1, 1), d(2026, 1, 5)], [d(2026, 1, 10), d(2026, 1, 26)]]
    assert merged([]) == []


# -- a production's sheets ----------------------------------------------------------------------------
def test_shots_sheet_lines_and_task_columns():
    """The rows come in the sheet's order (the SQL query's); a line: its names, description, time
    spent (days of 8 hours), frames, then per task type its status and assignees."""
    row = {"name": "SH2", "parent_name": "SQ1", "grandparent_name": None, "description": None, "nb_frames": 5,
           "frame_in": 1, "frame_out": None, "fps": 24.0, "duration": 90, "cells": [["", ""], ["wip", "Jo X,"]]}
    sheet = spreadsheets.shots({"name": "P"}, ["Layout", "Animation"], [row])
    assert sheet[0] == spreadsheets.SHOT_COLUMNS + ["Layout", "Assignations", "Animation", "Assignations"]
    assert sheet[1] == ["P", "", "SQ1", "SH2", "", "0.19", 5, 1, "", 24.0, "", "", "wip", "Jo X,"]


def test_assets_and_edits_sheets():
    assets = [{"name": "Bob", "type_name": "Character", "description": "hero", "duration": None, "cells": []}]
    assert spreadsheets.assets({"name": "P"}, [], assets) == [
        spreadsheets.ASSET_COLUMNS, ["P", "Character", "Bob", "hero", "0.00"]]
    edits = [{"name": "Cut", "parent_name": "E1", "description": "x", "duration": 480, "cells": [["wip", ""]]}]
    assert spreadsheets.edits({"name": "P"}, ["Edit"], edits) == [
        spreadsheets.EDIT_COLUMNS + ["Edit", "Assignations"], ["P", "E1", "Cut", "x", "1.00", "wip", ""]]
