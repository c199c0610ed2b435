"""The breakdown through the real stack: entities of every kind, casting, entity links, asset
instances, shot versions from the event log, deletes, permissions and bad input (as Zou answers)."""
import time
import uuid

import gazu
import orjson
import pytest
from kombu import Connection, Exchange, Producer

from api import logged_in, unique

NOT_FOUND = ("404 Not Found: The requested URL was not found on the server. If you entered "
             "the URL manually please check your spelling and try again.")


@pytest.fixture(scope="module")
def project(admin):
    status, project = admin.post("/data/projects", {"name": unique("breakdown"), "production_type": "tvshow"})
    assert status == 201, project
    return project


@pytest.fixture(scope="module")
def breakdown(base_url, admin_token, project):
    """Built by gazu as a studio script would: asset types, assets, episodes, sequences, shots."""
    gazu.set_host(base_url)
    gazu.client.set_tokens({"access_token": admin_token})
    character = gazu.asset.new_asset_type(unique("Character"))
    assert gazu.asset.new_asset_type(character["name"])["id"] == character["id"]  # get-or-create
    hero = gazu.asset.new_asset(project, character, "Hero", description="the hero", extra_data={"poly": 3})
    villain = gazu.asset.new_asset(project, character, "Villain")
    episode = gazu.shot.new_episode(project, "EP01")
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, frame_in=1001, frame_out=1048,
                              data={"frame_in": 1001, "frame_out": 1048})
    other = gazu.shot.new_shot(project, sequence, "SH020", nb_frames=10)
    return {"type": character, "hero": hero, "villain": villain, "episode": episode,
            "sequence": sequence, "shot": shot, "other": other}


def ids(items):
    return sorted(item["id"] for item in items)


def test_breakdown_read_back_by_gazu(project, breakdown):
    b = breakdown
    assert b["hero"]["type"] == "Asset" and b["hero"]["data"] == {"poly": 3}
    assert b["hero"]["created_by"] and b["hero"]["description"] == "the hero"
    assert b["shot"]["type"] == "Shot" and b["shot"]["nb_frames"] == 48
    assert b["shot"]["parent_id"] == b["sequence"]["id"] and b["sequence"]["parent_id"] == b["episode"]["id"]
    assert b["shot"]["data"] == {"frame_in": 1001, "frame_out": 1048}
    # get-or-create by name under the same parent
    assert gazu.shot.new_shot(project, b["sequence"], "SH010")["id"] == b["shot"]["id"]
    assert gazu.shot.new_sequence(project, "SQ01", episode=b["episode"])["id"] == b["sequence"]["id"]

    assert ids(gazu.asset.all_assets_for_project(project)) == ids([b["hero"], b["villain"]])
    assert ids(gazu.asset.all_assets_for_project_and_type(project, b["type"])) == ids([b["hero"], b["villain"]])
    assert ids(gazu.shot.all_shots_for_project(project)) == ids([b["shot"], b["other"]])
    assert ids(gazu.shot.all_shots_for_sequence(b["sequence"])) == ids([b["shot"], b["other"]])
    assert ids(gazu.shot.all_shots_for_episode(b["episode"])) == ids([b["shot"], b["other"]])
    assert b["episode"]["id"] in ids(gazu.shot.all_episodes_for_project(project))
    assert ids(gazu.shot.all_sequences_for_episode(b["episode"])) == [b["sequence"]["id"]]
    assert gazu.shot.get_shot_by_name(b["sequence"], "SH020")["id"] == b["other"]["id"]
    assert gazu.asset.get_asset_by_name(project, "Villain")["id"] == b["villain"]["id"]
    assert gazu.shot.get_episode_by_name(project, "EP01")["id"] == b["episode"]["id"]
    assert gazu.asset.get_asset_type(b["type"]["id"])["type"] == "AssetType"
    assert b["type"]["id"] in ids(gazu.asset.all_asset_types_for_project(project))

    shot = gazu.shot.get_shot(b["shot"]["id"])
    assert (shot["sequence_name"], shot["episode_id"], shot["episode_name"]) == ("SQ01", b["episode"]["id"], "EP01")
    assert (shot["frame_in"], shot["frame_out"], shot["project_name"]) == (1001, 1048, project["name"])
    asset = gazu.asset.get_asset(b["hero"]["id"])
    assert asset["asset_type_name"] == b["type"]["name"] and asset["episode_id"] == ""
    assert asset["tasks"] == [] and "entities_in" in asset
    sequence = gazu.shot.get_sequence(b["sequence"]["id"])
    assert sequence["episode_name"] == "EP01" and sequence["type"] == "Sequence"


def test_scenes_edits_concepts(admin, project, breakdown):
    pid, b = project["id"], breakdown
    status, scene = admin.post(f"/data/projects/{pid}/scenes", {"name": "SC01", "sequence_id": b["sequence"]["id"]})
    assert status == 201 and scene["type"] == "Scene" and scene["parent_id"] == b["sequence"]["id"]
    status, edit = admin.post(f"/data/projects/{pid}/edits", {"name": "ED01", "episode_id": b["episode"]["id"]})
    assert status == 201 and edit["type"] == "Edit" and edit["description"] == ""
    status, again = admin.post(f"/data/projects/{pid}/edits", {"name": "ED01", "episode_id": b["episode"]["id"]})
    assert status == 201 and again["id"] == edit["id"]  # Zou returns the existing edit
    status, concept = admin.post(f"/data/projects/{pid}/concepts", {"name": "C01"})
    assert status == 201 and concept["type"] == "Concept" and concept["entity_concept_links"] == []

    assert ids(admin.get(f"/data/episodes/{b['episode']['id']}/edits")[1]) == [edit["id"]]
    assert ids(admin.get(f"/data/projects/{pid}/edits")[1]) == [edit["id"]]
    assert ids(admin.get(f"/data/sequences/{b['sequence']['id']}/scenes")[1]) == [scene["id"]]
    found = admin.get("/data/scenes/all", name="sc01", parent_id=b["sequence"]["id"])[1]
    assert ids(found) == [scene["id"]] and found[0]["sequence_name"] == "SQ01"
    assert ids(admin.get("/data/concepts", project_id=pid, name="C01")[1]) == [concept["id"]]
    status, one = admin.get(f"/data/scenes/{scene['id']}")
    assert status == 200 and one["episode_name"] == "EP01" and one["sequence_id"] == b["sequence"]["id"]
    status, one = admin.get(f"/data/edits/{edit['id']}")
    assert status == 200 and one["episode_id"] == b["episode"]["id"] and one["project_name"] == project["name"]
    assert admin.get(f"/data/edits/{scene['id']}")[0] == 404  # a scene is not an edit

    status, shot = admin.post(f"/data/scenes/{scene['id']}/shots", {"shot_id": b["other"]["id"]})
    assert status == 201 and shot["source_id"] == scene["id"]
    assert ids(admin.get(f"/data/scenes/{scene['id']}/shots")[1]) == [b["other"]["id"]]
    assert admin.delete(f"/data/scenes/{scene['id']}/shots/{b['other']['id']}")[0] == 204
    assert admin.get(f"/data/scenes/{scene['id']}/shots")[1] == []


def test_casting_read_by_shot_sequence_episode_and_asset(admin, project, breakdown):
    pid, b = project["id"], breakdown
    shot, hero, villain = b["shot"]["id"], b["hero"]["id"], b["villain"]["id"]
    body = [{"asset_id": hero, "nb_occurences": 2}, {"asset_id": villain, "label": "fixed"}]
    status, answer = admin.put(f"/data/projects/{pid}/entities/{shot}/casting", body)
    assert status == 200 and answer == body

    status, casting = admin.get(f"/data/projects/{pid}/entities/{shot}/casting")
    assert status == 200 and [c["asset_id"] for c in casting] == [hero, villain]
    assert casting[0] == {"asset_id": hero, "asset_name": "Hero", "asset_type_name": b["type"]["name"],
                          "ready_for": None, "episode_id": None, "preview_file_id": None,
                          "nb_occurences": 2, "label": "", "is_shared": False, "project_id": pid}
    by_sequence = admin.get(f"/data/projects/{pid}/sequences/{b['sequence']['id']}/casting")[1]
    assert list(by_sequence) == [shot] and by_sequence[shot][1]["label"] == "fixed"
    assert by_sequence[shot][0]["sequence_name"] == "SQ01" and by_sequence[shot][0]["name"] == "Hero"
    by_episode = admin.get(f"/data/projects/{pid}/episodes/{b['episode']['id']}/sequences/all/casting")[1]
    assert by_episode == by_sequence
    assert admin.get(f"/data/projects/{pid}/sequences/all/casting")[1] == by_sequence
    assert admin.get(f"/data/projects/{pid}/episodes/main/sequences/all/casting")[1] == {}
    cast_in = admin.get(f"/data/assets/{hero}/cast-in")[1]
    assert cast_in == [{"shot_id": shot, "shot_name": "SH010", "sequence_name": "SQ01",
                        "episode_id": b["episode"]["id"], "episode_name": "EP01",
                        "preview_file_id": None, "nb_occurences": 2}]
    assert ids(admin.get(f"/data/shots/{shot}/assets")[1]) == sorted([hero, villain])
    assert ids(admin.get(f"/data/shots/{shot}/asset-types")[1]) == [b["type"]["id"]]
    # Zou also casts the assets in the shot's episode (automatic links)
    episode_casting = admin.get(f"/data/projects/{pid}/entities/{b['episode']['id']}/casting")[1]
    assert sorted(c["asset_id"] for c in episode_casting) == sorted([hero, villain])
    row = admin.get(f"/data/shots/{shot}")[1]
    assert row["nb_entities_out"] == 2 and sorted(row["entities_out"]) == sorted([hero, villain])
    assert shot in admin.get(f"/data/assets/{hero}")[1]["entities_in"]
    assert admin.get(f"/data/assets/{hero}")[1]["casting_episode_ids"] == [b["episode"]["id"]]

    # replacing: the villain leaves the shot
    assert admin.put(f"/data/projects/{pid}/entities/{shot}/casting", [{"asset_id": hero}])[0] == 200
    assert [c["asset_id"] for c in admin.get(f"/data/projects/{pid}/entities/{shot}/casting")[1]] == [hero]
    assert admin.get(f"/data/shots/{shot}")[1]["nb_entities_out"] == 1
    assert admin.get(f"/data/assets/{villain}/cast-in")[1] == []
    # gazu's cast_asset: one asset in several shots
    status, answer = admin.put(f"/data/projects/{pid}/entities/casting/assets/{villain}",
                               {"entity_ids": [shot, b["other"]["id"]], "nb_occurences": 3, "label": "x"})
    assert status == 200 and set(answer) == {shot, b["other"]["id"]}
    assert {c["asset_id"]: c["nb_occurences"] for c in answer[shot]} == {hero: 1, villain: 3}
    shots = {c["shot_id"] for c in admin.get(f"/data/assets/{villain}/cast-in")[1]}
    assert shots == {shot, b["other"]["id"]}


def test_entity_links_in_three_modes(admin, project, breakdown):
    pid = project["id"]
    status, plain = admin.get(f"/data/projects/{pid}/entity-links")
    assert status == 200 and len(plain) >= 3
    assert set(plain[0]) == {"id", "entity_in_id", "entity_out_id", "nb_occurences", "label", "data",
                             "created_at", "type"}
    assert "." in plain[0]["created_at"] and plain[0]["type"] == "EntityLink"
    assert {"auto": True} in [link["data"] for link in plain]
    status, page = admin.get(f"/data/projects/{pid}/entity-links", page="1", limit="2")
    assert status == 200 and page["total"] == len(plain) and len(page["data"]) == 2
    assert page["nb_pages"] == -(-len(plain) // 2) and (page["limit"], page["offset"], page["page"]) == (2, 0, 1)
    assert [link["id"] for link in page["data"]] == [link["id"] for link in plain[:2]]
    status, after = admin.get(f"/data/projects/{pid}/entity-links", cursor_created_at=plain[0]["created_at"],
                              limit="100")
    assert status == 200 and after["total"] == len(plain) and after["limit"] == 100
    assert [link["id"] for link in after["data"]] == [link["id"] for link in plain[1:]]
    # gazu.casting.delete_entity_link: generic CRUD (admin)
    link = plain[-1]
    assert admin.delete(f"/data/entity-links/{link['id']}")[0] == 204
    assert link["id"] not in ids(admin.get(f"/data/projects/{pid}/entity-links")[1])


def test_asset_instances(admin, project, breakdown):
    pid, b = project["id"], breakdown
    scene = admin.post(f"/data/projects/{pid}/scenes", {"name": unique("SC"), "sequence_id": b["sequence"]["id"]})[1]
    status, first = admin.post(f"/data/assets/{b['hero']['id']}/asset-asset-instances",
                               {"asset_to_instantiate_id": b["villain"]["id"], "description": "dd"})
    assert status == 201 and (first["name"], first["number"]) == ("villain_0001", 1)
    assert first["target_asset_id"] == b["hero"]["id"] and first["type"] == "AssetInstance"
    second = admin.post(f"/data/assets/{b['hero']['id']}/asset-asset-instances",
                        {"asset_to_instantiate_id": b["villain"]["id"]})[1]
    assert second["name"] == "villain_0002"
    listed = admin.get(f"/data/assets/{b['hero']['id']}/asset-asset-instances")[1]
    assert [i["id"] for i in listed[b["villain"]["id"]]] == [first["id"], second["id"]]

    status, placed = admin.post(f"/data/scenes/{scene['id']}/asset-instances", {"asset_id": b["hero"]["id"]})
    assert status == 201 and placed["scene_id"] == scene["id"] and placed["name"] == "hero_0001"
    assert list(admin.get(f"/data/scenes/{scene['id']}/asset-instances")[1]) == [b["hero"]["id"]]
    assert admin.get(f"/data/scenes/{scene['id']}/camera-instances")[1] == {}
    by_scene = admin.get(f"/data/assets/{b['hero']['id']}/scene-asset-instances")[1]
    assert [i["id"] for i in by_scene[scene["id"]]] == [placed["id"]]
    assert admin.post(f"/data/shots/{b['shot']['id']}/asset-instances", {"asset_instance_id": placed["id"]})[0] == 201
    assert list(admin.get(f"/data/shots/{b['shot']['id']}/asset-instances")[1]) == [b["hero"]["id"]]
    assert list(admin.get(f"/data/assets/{b['hero']['id']}/shot-asset-instances")[1]) == [b["shot"]["id"]]
    assert admin.delete(f"/data/shots/{b['shot']['id']}/asset-instances/{placed['id']}")[0] == 204
    assert admin.get(f"/data/shots/{b['shot']['id']}/asset-instances")[1] == {}
    assert ids(admin.get("/data/asset-instances", scene_id=scene["id"])[1]) == [placed["id"]]

    bad = admin.post(f"/data/scenes/{scene['id']}/asset-instances", {"asset_id": "nope"})
    assert bad[0] == 400 and bad[1]["message"] == "Validation error."
    missing = admin.post(f"/data/assets/{b['hero']['id']}/asset-asset-instances", {})
    assert missing == (400, {"error": True, "message": "Validation error.", "data": {"errors": [
        {"field": "asset_to_instantiate_id", "message": "Field required"}]}})
    assert admin.post(f"/data/scenes/{b['shot']['id']}/asset-instances", {"asset_id": b["hero"]["id"]})[0] == 404


def test_versions_after_shot_update(admin, project, breakdown):
    pid = project["id"]
    shot = admin.post(f"/data/projects/{pid}/shots", {"name": unique("SH"), "sequence_id": breakdown["sequence"]["id"],
                                                      "data": {"frame_in": 1}})[1]
    assert admin.get(f"/data/shots/{shot['id']}/versions")[1] == []
    status, updated = admin.put(f"/data/entities/{shot['id']}", {"name": "SH999", "data": {"frame_out": 9}})
    assert status == 200 and updated["data"] == {"frame_in": 1, "frame_out": 9}  # data merged
    status, updated = admin.put(f"/data/shots/{shot['id']}", {"nb_frames": 20})
    assert status == 200 and updated["type"] == "Entity" and updated["nb_frames"] == 20
    status, versions = admin.get(f"/data/shots/{shot['id']}/versions")
    assert status == 200 and len(versions) == 1
    assert versions[0]["name"] == shot["name"] and versions[0]["data"] == {"frame_in": 1, "frame_out": 9}
    assert versions[0]["type"] == "ShotVersion" and versions[0]["entity_id"] == shot["id"]
    assert admin.get(f"/data/shots/{breakdown['hero']['id']}/versions")[0] == 404


def publish_task_row(cluster, entity_id):
    """What the tasks service publishes for a new task (`row.task`), without needing it."""
    envelope = {"service": "tasks", "position": 10**12 + uuid.uuid4().int % 10**9, "name": "row.task",
                "project_id": None, "user_id": None, "created_at": None,
                "data": {"id": str(uuid.uuid4()), "row": {"entity_id": entity_id, "assignees": []}}}
    with Connection(cluster.env["AMQP_URI"]) as connection:
        Producer(connection.channel()).publish(
            orjson.dumps(envelope), exchange=Exchange("tasks.events", type="topic", durable=True),
            routing_key="row.task", content_type="application/x-orjson", content_encoding="binary",
            declare=[Exchange("tasks.events", type="topic", durable=True)])


def test_deletes_soft_and_forced(cluster, admin, project, breakdown):
    pid, b = project["id"], breakdown
    asset = admin.post(f"/data/projects/{pid}/asset-types/{b['type']['id']}/assets/new", {"name": unique("A")})[1]
    shot = admin.post(f"/data/projects/{pid}/shots", {"name": unique("SH"), "sequence_id": b["sequence"]["id"]})[1]
    admin.put(f"/data/projects/{pid}/entities/{shot['id']}/casting", [{"asset_id": asset["id"]}])
    publish_task_row(cluster, asset["id"])
    deadline = time.monotonic() + 10
    while True:  # the task replica follows the tasks service's events
        assert admin.delete(f"/data/assets/{asset['id']}")[0] == 204
        status, row = admin.get(f"/data/assets/{asset['id']}")
        if status == 200 or time.monotonic() > deadline:
            break
        asset = admin.post(f"/data/projects/{pid}/asset-types/{b['type']['id']}/assets/new",
                           {"name": unique("A")})[1]
        publish_task_row(cluster, asset["id"])
        time.sleep(0.3)
    assert status == 200 and row["canceled"] is True  # has tasks: soft delete
    status, _ = admin.delete(f"/data/assets/{asset['id']}", force="true")
    assert status == 204 and admin.get(f"/data/assets/{asset['id']}")[0] == 404

    plain = admin.post(f"/data/projects/{pid}/asset-types/{b['type']['id']}/assets/new", {"name": unique("A")})[1]
    admin.put(f"/data/projects/{pid}/entities/{shot['id']}/casting", [{"asset_id": plain["id"]}])
    assert admin.delete(f"/data/assets/{plain['id']}")[0] == 204  # no tasks: gone, links with it
    assert admin.get(f"/data/projects/{pid}/entities/{shot['id']}/casting")[1] == []
    assert admin.get(f"/data/shots/{shot['id']}")[1]["nb_entities_out"] == 0
    assert admin.delete(f"/data/assets/{shot['id']}")[0] == 404  # a shot is not an asset

    sequence = admin.post(f"/data/projects/{pid}/sequences", {"name": unique("SQ")})[1]
    child = admin.post(f"/data/projects/{pid}/shots", {"name": "SH1", "sequence_id": sequence["id"]})[1]
    assert admin.delete(f"/data/sequences/{sequence['id']}") == (
        400, {"error": True, "message": "Some data are still linked to this sequence.", "data": None})
    assert admin.delete(f"/data/sequences/{sequence['id']}", force="true")[0] == 204
    assert admin.get(f"/data/shots/{child['id']}")[0] == 404

    status, kind = admin.post("/data/entity-types", {"name": unique("Kind")})
    used = admin.post(f"/data/projects/{pid}/asset-types/{kind['id']}/assets/new", {"name": "X"})[1]
    assert admin.delete(f"/data/entity-types/{kind['id']}") == (
        400, {"message": "The change conflicts with records referencing this one."})
    assert admin.post(f"/actions/projects/{pid}/delete-entities", [used["id"]])[0] == 200
    assert admin.delete(f"/data/entity-types/{kind['id']}")[0] == 204
    assert admin.delete(f"/data/entity-types/{kind['id']}")[0] == 404


def test_permissions(base_url, admin, project, breakdown):
    pid, b = project["id"], breakdown
    artist = logged_in(base_url, admin, "user")
    outsider = logged_in(base_url, admin, "manager")
    manager = logged_in(base_url, admin, "manager")
    vendor = logged_in(base_url, admin, "vendor")
    for person in (artist, manager, vendor):
        assert admin.post(f"/data/projects/{pid}/team", {"person_id": person.person["id"]})[0] == 201

    assert ids(artist.get(f"/data/projects/{pid}/shots")[1]) == ids(admin.get(f"/data/projects/{pid}/shots")[1])
    assert artist.get(f"/data/shots/{b['shot']['id']}")[0] == 200
    assert artist.post(f"/data/projects/{pid}/shots", {"name": "NOPE"})[0] == 403
    assert artist.put(f"/data/entities/{b['shot']['id']}", {"name": "NOPE"})[0] == 403
    assert artist.put(f"/data/projects/{pid}/entities/{b['shot']['id']}/casting", [])[0] == 403
    assert artist.get(f"/data/projects/{pid}/entity-links")[0] == 403
    assert artist.delete(f"/data/assets/{b['villain']['id']}")[0] == 403

    assert outsider.get(f"/data/projects/{pid}/shots")[0] == 403
    assert outsider.post(f"/data/projects/{pid}/episodes", {"name": "NOPE"})[0] == 403
    assert outsider.get(f"/data/shots/{b['shot']['id']}")[0] == 403
    assert outsider.get("/data/shots/all", project_id=pid)[0] == 403  # Zou: a project's shots, to its team
    assert outsider.get("/data/shots/all")[0] == 403  # and to non-admins, only those of a project
    assert outsider.get("/data/entities", project_id=pid)[1] == []

    status, created = manager.post(f"/data/projects/{pid}/episodes", {"name": unique("EP")})
    assert status == 201 and created["created_by"] == manager.person["id"]
    assert manager.get(f"/data/projects/{pid}/entity-links")[0] == 200

    assert vendor.get("/data/entities", project_id=pid)[1] == []  # no task assigned
    assert vendor.get(f"/data/shots/{b['shot']['id']}")[0] == 403
    assert vendor.get(f"/data/projects/{pid}/sequences/all/casting")[0] == 403
    assert admin.post("/data/entity-types", {"name": unique("T")}, token=artist.token)[0] == 403


def test_bad_input_without_partial_write(admin, project, breakdown):
    pid, b = project["id"], breakdown
    shot = b["shot"]["id"]
    before = admin.get(f"/data/projects/{pid}/entities/{shot}/casting")[1]
    status, body = admin.put(f"/data/projects/{pid}/entities/{shot}/casting",
                             [{"asset_id": b["villain"]["id"]}, {"asset_id": "not-a-uuid"}])
    assert status == 400
    assert admin.get(f"/data/projects/{pid}/entities/{shot}/casting")[1] == before
    assert admin.put(f"/data/projects/{pid}/entities/{shot}/casting", {"x": 1}) == (
        400, {"error": True, "message": "Request body must be a JSON array"})
    assert admin.put(f"/data/projects/{pid}/entities/{uuid.uuid4()}/casting", [])[0] == 404

    assert admin.get(f"/data/shots/{uuid.uuid4()}") == (404, {"error": True, "message": NOT_FOUND})
    assert admin.get("/data/shots/not-a-uuid")[0] == 400
    assert admin.get(f"/data/shots/{b['hero']['id']}")[0] == 404
    assert admin.get(f"/data/asset-types/{b['shot']['entity_type_id']}")[0] == 404
    assert admin.post(f"/data/projects/{uuid.uuid4()}/episodes", {"name": "E"})[0] == 404
    assert admin.post(f"/data/projects/{pid}/shots", {"name": "S", "sequence_id": str(uuid.uuid4())})[0] == 404
    assert admin.post(f"/data/projects/{pid}/shots", {"name": "S", "sequence_id": b["episode"]["id"]})[0] == 404
    assert admin.post(f"/data/projects/{pid}/asset-types/{b['type']['id']}/assets/new", {}) == (
        400, {"error": True, "message": "Validation error.",
              "data": {"errors": [{"field": "name", "message": "Field required"}]}})
    assert admin.post(f"/data/projects/{pid}/asset-types/{b['shot']['entity_type_id']}/assets/new",
                      {"name": "A"})[0] == 404
    count = len(admin.get(f"/data/projects/{pid}/shots")[1])
    assert admin.post(f"/data/projects/{pid}/shots", {"name": "S", "nb_frames": "many"})[0] == 400
    assert len(admin.get(f"/data/projects/{pid}/shots")[1]) == count

    status, duplicate = admin.post("/data/entity-types", {"name": b["type"]["name"].upper()})
    assert (status, duplicate["message"]) == (400, "Entity type with this name already exists")
    status, body = admin.put(f"/data/entities/{b['other']['id']}", {"name": "SH010"})
    assert status == 400 and admin.get(f"/data/shots/{b['other']['id']}")[1]["name"] == "SH020"
    assert admin.post(f"/actions/projects/{pid}/delete-entities", [shot, "bad"]) == (
        400, {"error": True, "message": "Request body must only contain valid UUIDs.", "data": None})
    assert admin.get(f"/data/shots/{shot}")[0] == 200


def test_search_and_entities_collection(admin, project, breakdown):
    status, found = admin.post("/data/search", {"query": "villa", "project_id": project["id"]})
    assert status == 200 and ids(found["assets"]) == [breakdown["villain"]["id"]]
    status, rows = admin.get("/data/entities", project_id=project["id"], name="Hero")
    assert status == 200 and [r["type"] for r in rows] == ["Asset"]
    status, linked = admin.get(f"/data/entities/{breakdown['shot']['id']}/entities-linked/with-tasks")
    assert status == 200 and all(item["tasks"] == [] for item in linked)


def test_cached_lists_follow_every_write(admin, project, breakdown):
    """Big lists are kept between requests (shared/answers.py): each write shows at once."""
    shots_path = f"/data/projects/{project['id']}/shots"
    before = admin.get(shots_path)[1]
    assert admin.get(shots_path)[1] == before  # served again, unchanged
    shot = admin.post(shots_path, {"name": unique("SH"), "sequence_id": breakdown["sequence"]["id"]})[1]
    assert shot["id"] in ids(admin.get(shots_path)[1])
    admin.put(f"/data/shots/{shot['id']}", {"description": "renamed"})
    listed = {item["id"]: item for item in admin.get(shots_path)[1]}
    assert listed[shot["id"]]["description"] == "renamed"
    admin.delete(f"/data/shots/{shot['id']}")
    assert shot["id"] not in ids(admin.get(shots_path)[1])

