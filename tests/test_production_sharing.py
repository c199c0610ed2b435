"""The breakdown, second part, through the real stack: shared assets, asset casting, several
castings at once, project entity links, linked assets, versions, the generic entity update's
answer and the creation events' payloads (as the Zou reference answers them)."""
import time

import pytest

from api import Api, new_person, unique


@pytest.fixture(scope="module")
def setup(admin):
    project = admin.post("/data/projects", {"name": unique("sharing")})[1]
    other = admin.post("/data/projects", {"name": unique("sharing")})[1]
    asset_type = admin.post("/data/entity-types", {"name": unique("Kind")})[1]
    pid = project["id"]

    def asset(name, project_id=pid):
        return admin.post(f"/data/projects/{project_id}/asset-types/{asset_type['id']}/assets/new",
                          {"name": name})[1]
    episode = admin.post(f"/data/projects/{pid}/episodes", {"name": "EP01"})[1]
    sequence = admin.post(f"/data/projects/{pid}/sequences", {"name": "SQ01", "episode_id": episode["id"]})[1]
    shot = admin.post(f"/data/projects/{pid}/shots", {"name": "SH01", "sequence_id": sequence["id"]})[1]
    return {"project": project, "other": other, "type": asset_type, "episode": episode,
            "sequence": sequence, "shot": shot, "hero": asset("Hero"), "prop": asset("Prop"),
            "foreign": asset("Foreign", other["id"])}


def events_named(admin, name, key, value, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        found = [e for e in admin.get("/data/events/last", name=name, limit="100")[1]
                 if e["data"].get(key) == value]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_creation_payloads_and_generic_update_answer(admin, setup):
    shot, hero = setup["shot"], setup["hero"]
    [event] = events_named(admin, "shot:new", "shot_id", shot["id"])
    assert event["data"] == {"shot_id": shot["id"], "episode_id": setup["episode"]["id"],
                             "project_id": setup["project"]["id"]}
    [event] = events_named(admin, "asset:new", "asset_id", hero["id"])
    assert event["data"] == {"asset_id": hero["id"], "asset_type": setup["type"]["id"],
                             "project_id": setup["project"]["id"]}
    # the lists written by PostgreSQL answer each entity as the generic CRUD serializes it
    listed = admin.get(f"/data/projects/{setup['project']['id']}/shots")[1]
    assert listed == [admin.get(f"/data/entities/{shot['id']}", relations="false")[1]]
    status, updated = admin.put(f"/data/entities/{shot['id']}", {"description": "x"})
    assert status == 200 and updated["type"] == "Shot" and updated["description"] == "x"
    assert {"entities_out", "entities_in", "instance_casting", "entity_concept_links"} <= set(updated)


def test_share_assets(base_url, admin, setup):
    pid, hero, prop = setup["project"]["id"], setup["hero"], setup["prop"]
    status, shared = admin.post("/actions/assets/share", {"asset_ids": [hero["id"]]})
    assert status == 200 and [(a["id"], a["is_shared"], a["type"]) for a in shared] == [(hero["id"], True, "Asset")]
    assert admin.post("/actions/assets/share", {}) == (200, [])
    status, shared = admin.post(f"/actions/projects/{pid}/assets/share", {"is_shared": False})
    assert status == 200 and sorted(a["id"] for a in shared) == sorted([hero["id"], prop["id"]])
    assert not any(a["is_shared"] for a in shared)
    status, shared = admin.post(f"/actions/projects/{pid}/asset-types/{setup['type']['id']}/assets/share", {})
    assert status == 200 and all(a["is_shared"] for a in shared) and len(shared) == 2
    assert admin.post("/actions/assets/share", {"asset_ids": [hero["id"]], "is_shared": "x"}) == (400, {
        "error": True, "message": "Validation error.", "data": {"errors": [
            {"field": "is_shared", "message": "Input should be a valid boolean, unable to interpret input"}]}})
    person = new_person(admin, role="user")
    artist = Api(base_url)
    artist.token = artist.login(person["email"], "secret-password")["access_token"]
    assert artist.post(f"/actions/projects/{pid}/assets/share", {})[0] == 403
    assert artist.post("/actions/assets/share", {"asset_ids": [hero["id"]]})[0] == 403


def test_asset_casting_and_linked_assets(admin, setup):
    hero, prop = setup["hero"], setup["prop"]
    body = [{"asset_id": prop["id"], "nb_occurences": 2}]
    assert admin.put(f"/data/assets/{hero['id']}/casting", body) == (200, body)
    status, casting = admin.get(f"/data/assets/{hero['id']}/casting")
    assert status == 200 and casting == [{
        "asset_id": prop["id"], "asset_name": "Prop", "asset_type_name": setup["type"]["name"],
        "ready_for": None, "episode_id": None, "preview_file_id": None, "nb_occurences": 2, "label": "",
        "is_shared": prop["is_shared"] or casting[0]["is_shared"], "project_id": setup["project"]["id"]}]
    status, linked = admin.get(f"/data/assets/{hero['id']}/assets")
    assert status == 200 and [a["id"] for a in linked] == [prop["id"]] and linked[0]["type"] == "Asset"
    assert "entities_out" not in linked[0]
    assert admin.get(f"/data/assets/{prop['id']}/assets") == (200, [])
    assert admin.get(f"/data/assets/{setup['shot']['id']}/casting")[0] == 404


def test_several_castings_and_project_entity_link_deletion(admin, setup):
    pid, shot, hero = setup["project"]["id"], setup["shot"], setup["hero"]
    body = {shot["id"]: [{"asset_id": hero["id"]}]}
    assert admin.put(f"/data/projects/{pid}/entities/casting", body) == (200, body)
    assert [c["asset_id"] for c in admin.get(f"/data/projects/{pid}/entities/{shot['id']}/casting")[1]] == [hero["id"]]
    assert admin.put(f"/data/projects/{pid}/entities/casting", [{"entity_id": shot["id"]}]) == (400, {
        "error": True, "message": "Request body must be a JSON object mapping entity ids to casting arrays"})
    link = next(l for l in admin.get(f"/data/projects/{pid}/entity-links")[1]
                if (l["entity_in_id"], l["entity_out_id"]) == (shot["id"], hero["id"]))
    assert admin.delete(f"/data/projects/{setup['other']['id']}/entity-links/{link['id']}")[0] == 404
    assert admin.delete(f"/data/projects/{pid}/entity-links/{link['id']}")[0] == 204
    assert admin.get(f"/data/projects/{pid}/entities/{shot['id']}/casting") == (200, [])
    assert admin.get(f"/data/shots/{shot['id']}")[1]["nb_entities_out"] == 0


def test_shared_assets_used_and_versions(admin, setup):
    pid, shot, foreign = setup["project"]["id"], setup["shot"], setup["foreign"]
    assert admin.get(f"/data/projects/{pid}/assets/shared-used") == (200, [])
    admin.post("/actions/assets/share", {"asset_ids": [foreign["id"]]})
    admin.put(f"/data/projects/{pid}/entities/{shot['id']}/casting", [{"asset_id": foreign["id"]}])
    status, used = admin.get(f"/data/projects/{pid}/assets/shared-used")
    assert status == 200 and [a["id"] for a in used] == [foreign["id"]] and used[0]["type"] == "Asset"
    assert [a["id"] for a in admin.get(
        f"/data/projects/{pid}/episodes/{setup['episode']['id']}/assets/shared-used")[1]] == [foreign["id"]]
    assert admin.get(f"/data/projects/{setup['other']['id']}/assets/shared-used") == (200, [])

    edit = admin.post(f"/data/projects/{pid}/edits", {"name": "ED01", "episode_id": setup["episode"]["id"]})[1]
    admin.put(f"/data/entities/{edit['id']}", {"name": "ED02", "data": {"a": 1}})
    assert admin.get(f"/data/edits/{edit['id']}/versions") == (200, [])
    assert admin.get(f"/data/edits/{shot['id']}/versions")[0] == 404
