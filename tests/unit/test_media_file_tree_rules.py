"""The file tree rules of media (services/media/rules/file_trees.py): paths as Zou renders them."""
import pytest

from services.media.rules import file_trees
from services.media.rules.file_trees import TREES
from shared.errors import MalformedTree

PROJECT = {"id": "p1", "name": "FT-c2559ce65a"}
SEQUENCE_TYPE, SHOT_TYPE = {"id": "t1", "name": "Sequence"}, {"id": "t2", "name": "Shot"}
SEQUENCE = {"id": "s1", "name": "SQ01"}
SHOT = {"id": "e1", "name": "SH010"}
TASK_TYPE = {"id": "tt", "name": "FT-b8186d8348"}
SOFTWARE = {"id": "sw", "name": "Blender-3027d85f38", "short_name": "bl"}
CACHE = {"id": "ot", "name": "Cache-960bd3e378"}


def shot_tokens(**values):
    return file_trees.tokens_of(PROJECT, SHOT, SHOT_TYPE, parent=SEQUENCE, task_type=TASK_TYPE,
                                software=SOFTWARE, output_type=lambda: CACHE, **values)


def test_working_path_of_a_shot_with_the_simple_tree():
    tokens = shot_tokens(name="Main Thing", revision=7)
    assert file_trees.folder_path(TREES["simple"], "working", "shot", tokens, "\\") == \
        "/simple\\productions\\ft_c2559ce65a\\shots\\sq01\\sh010\\ft_b8186d8348\\blender_3027d85f38"
    assert file_trees.file_name(TREES["simple"], "working", "shot", tokens) == \
        "ft_c2559ce65a_sq01_sh010_ft_b8186d8348_main_thing_v007"


def test_output_names_of_several_elements_and_the_root_kept_as_written():
    tokens = shot_tokens(name="main", revision=2)
    assert file_trees.folder_path(TREES["simple"], "output", "shot", tokens, "\\") == \
        "/simple\\productions/export\\ft_c2559ce65a\\shots\\sq01\\sh010\\ft_b8186d8348\\cache_960bd3e378"
    assert file_trees.file_name(TREES["simple"], "output", "shot", tokens, nb_elements=3) == \
        "ft_c2559ce65a_sq01_sh010_ft_b8186d8348_cache_960bd3e378_main_v002_[1-3]"


def test_asset_paths_of_the_default_tree():
    tokens = file_trees.tokens_of(PROJECT, {"id": "a", "name": "Hero Bob"}, {"id": "c", "name": "Char"},
                                  task_type={"name": "Modeling"}, software=SOFTWARE, output_type=CACHE)
    kind = file_trees.template_kind("Char")
    assert kind == "asset"
    assert file_trees.folder_path(TREES["default"], "working", kind, tokens) == \
        "/simple/productions/ft_c2559ce65a/assets/char/hero_bob/modeling"
    assert file_trees.file_name(TREES["default"], "working", kind, tokens) == "ft_c2559ce65a_char_hero_bob_modeling"


def test_custom_tree_tokens_fields_styles_and_ids():
    tree = {"working": {"mountpoint": "/mnt", "root": "", "folder_path": {
        "shot": "<Project.id>/<Episode>/<Sequence>/<Shot>/<Software.short_name>/<Shot.nope>", "style": "uppercase"},
        "file_name": {"shot": "<Shot.id>_<Name>_v<Revision>", "style": "uppercase"}}}
    tokens = file_trees.tokens_of(PROJECT, SHOT, SHOT_TYPE, parent={"name": "Seq2"}, software=SOFTWARE,
                                  output_type=CACHE, name="Take One", revision=12)
    assert file_trees.folder_path(tree, "working", "shot", tokens) == "/mnt/p1/E001/S002/SH010/BL/SH010"
    shot = {**SHOT, "id": "3f2b7c1e-9a4d-4c8e-8b1a-0d2e3f4a5b6c"}
    tokens = {**tokens, "Shot": shot}
    assert file_trees.file_name(tree, "working", "shot", tokens) == f"{shot['id']}_TAKE_ONE_V012"


@pytest.mark.parametrize("tree, mode, message", [
    (None, "working", "No tree can be found for given project."),
    (TREES["default"], "nope", "Mode nope cannot be found on given tree."),
    ({"working": {"mountpoint": "/m", "root": "r", "folder_path": {"shot": "<Nope>"}}}, "working",
     "Unknown data type: Nope."),
])
def test_a_tree_that_cannot_render_answers_400(tree, mode, message):
    with pytest.raises(MalformedTree) as raised:
        file_trees.folder_path(tree, mode, "shot", shot_tokens(), received={"mode": mode})
    assert (raised.value.status, raised.value.body) == (400, {"message": message, "received_data": {"mode": mode}})


def test_kinds_and_instances():
    assert [file_trees.template_kind(name) for name in ("Shot", "Scene", "Episode", "Edit", "Props")] == \
        ["shot", "scene", "episode", "asset", "asset"]
    assert file_trees.template_kind("Shot", instance={"target_asset_id": None}) == "instance"
    assert file_trees.template_kind("Asset", instance={"target_asset_id": "a"}) == "instance_asset"


def test_values_read_back_from_a_path():
    template = "<Project>/shots/<Sequence>/<Shot>/v<Version>".split("/")
    assert file_trees.path_values("ft_one/shots/sq01/sh010/v003".split("/"), template) == \
        {"Project": "ft one", "Sequence": "sq01", "Shot": "sh010", "Version": "003"}
    assert file_trees.path_values("ft/assets/x".split("/"), template) is None
