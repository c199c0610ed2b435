"""Media's pure rules, without a cluster."""
import pytest

from services.media.rules import geometry
from services.media.rules.annotations import changed
from services.media.rules.formats import kind_of, original_name
from services.media.rules.names import download_name
from services.media.rules.revisions import reordered, revision_of
from shared.errors import ValidationError


@pytest.mark.parametrize("body, revision", [({"revision": 3}, 3), ({"revision": "4"}, 4), ({}, 0),
                                            ({"revision": None}, 0), (None, 0), ([], 0)])
def test_a_preview_takes_the_revision_given_or_none(body, revision):
    assert revision_of(body) == revision


def test_a_revision_that_is_no_integer_is_refused_as_zou_does():
    with pytest.raises(ValidationError):
        revision_of({"revision": "v2"})


# -- formats and names --------------------------------------------------------------------------
@pytest.mark.parametrize("extension, kind", [("PNG", "picture"), ("jpe", "picture"), ("mov", "movie"),
                                             ("webm", "movie"), ("pdf", "file"), ("blend", "file"),
                                             ("xyz", None), ("", None), (None, None)])
def test_an_upload_is_a_picture_a_movie_a_file_or_refused(extension, kind):
    assert kind_of(extension) == kind


def test_zou_keeps_the_uploaded_name_without_folder_and_extension():
    assert original_name("/home/me/shots/frame.0001.png") == "frame.0001"


def test_downloads_are_named_after_the_shot_and_revision():
    names = ["Big Buck", "SQ 01", "SH010", "Compositing"]
    assert download_name(names, {"revision": 3, "position": 1}, "png") == "big_buck_sq_01_sh010_compositing_v3.png"
    assert download_name(names[:1], {"revision": 3, "position": 2}, "mp4") == "big_buck_v3-2.mp4"


# -- geometry -----------------------------------------------------------------------------------
@pytest.mark.parametrize("size, box, fitted_size, offset", [
    ((1920, 1080), (150, 100), (150, 84), (0, 8)),      # wider than the box: bands above and below
    ((1000, 2000), (100, 100), (50, 100), (25, 0)),     # taller: bands left and right
    ((30, 20), (150, 100), (150, 100), (0, 0)),         # small pictures are scaled up
])
def test_pictures_are_fitted_inside_their_box_and_centred(size, box, fitted_size, offset):
    assert geometry.fitted(size, box) == (fitted_size, offset)


def test_the_preview_is_1200_wide_with_the_pictures_ratio():
    assert geometry.preview_box((1920, 1080)) == (1200, 675)
    assert geometry.preview_box((300, 200)) == (1200, 800)


def test_a_movie_goes_to_the_entitys_resolution_else_the_projects_else_1080_high():
    assert geometry.movie_size((1280, 720), {"resolution": "2048x858"}, "1920x1080") == (2048, 858)
    assert geometry.movie_size((1280, 720), {}, "1920x1080") == (1920, 1080)
    assert geometry.movie_size((1280, 720), None, "bad") == (1920, 1080)
    assert geometry.movie_size((999, 1000), None, None) == (1078, 1080)  # even numbers for H.264
    assert geometry.low_def_size((1920, 1080)) == (1280, 720)


def test_a_movie_takes_the_entitys_fps_else_the_projects_else_25():
    assert geometry.movie_fps({"fps": "24"}, "30") == 24.0
    assert geometry.movie_fps({}, "30") == 30.0
    assert geometry.movie_fps(None, "") == 25.0
    assert geometry.movie_fps({"fps": "x"}, None) == 25.0


# -- annotations and positions -------------------------------------------------------------------
def drawing(time, *ids):
    return {"time": time, "drawing": {"objects": [{"id": object_id, "type": "path"} for object_id in ids]}}


def test_annotations_of_two_reviewers_are_merged_frame_by_frame():
    mine = changed([], additions=[drawing(0, "a"), drawing(1.5, "b")])
    theirs = changed(mine, additions=[drawing(0, "a", "c")])  # "a" known: not twice
    assert theirs == [drawing(0, "a", "c"), drawing(1.5, "b")]
    moved = {"time": 0, "drawing": {"objects": [{"id": "c", "type": "path", "left": 10}]}}
    updated = changed(theirs, updates=[moved])
    assert updated[0]["drawing"]["objects"][1] == {"id": "c", "type": "path", "left": 10}
    assert changed(updated, deletions=[{"time": 1.5, "objects": ["b"]}]) == updated[:1]  # empty frames go
    assert mine == [drawing(0, "a"), drawing(1.5, "b")]  # the input is not changed


def test_a_preview_moved_among_its_revision_keeps_the_others_order():
    assert reordered(["a", "b", "c"], "c", 1) == ["c", "a", "b"]
    assert reordered(["a", "b", "c"], "a", 2) == ["b", "a", "c"]
    assert reordered(["a", "b", "c"], "a", 99) == ["b", "c", "a"]
    assert reordered(["a", "b", "c"], "b", 0) == ["b", "a", "c"]
