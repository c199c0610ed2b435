"""Castings written side by side (READ COMMITTED, no project-wide queue) stay consistent."""
from concurrent.futures import ThreadPoolExecutor

from api import Api, unique


def ids(items):
    return sorted(item["id"] for item in items)


def test_concurrent_castings_sharing_assets(admin):
    """Castings of different shots run side by side (no project-wide queue) and share the
    assets' rows: each asset ends cast in every shot, the episode casts each asset once."""
    pid = admin.post("/data/projects", {"name": unique("casting"), "production_type": "tvshow"})[1]["id"]
    asset_type = admin.post("/data/entity-types", {"name": unique("Crowd")})[1]
    episode = admin.post(f"/data/projects/{pid}/episodes", {"name": unique("EP")})[1]
    sequence = admin.post(f"/data/projects/{pid}/sequences", {"name": "SQ01", "episode_id": episode["id"]})[1]
    shots = [admin.post(f"/data/projects/{pid}/shots", {"name": f"SH{i:03}", "sequence_id": sequence["id"]})[1]
             for i in range(8)]
    assets = [admin.post(f"/data/projects/{pid}/asset-types/{asset_type['id']}/assets/new",
                         {"name": unique("crowd")})[1] for _ in range(4)]
    casting = [{"asset_id": asset["id"], "nb_occurences": 1} for asset in assets]

    def cast(shot):  # half of them list the assets the other way round
        order = -1 if int(shot["name"][-1]) % 2 else 1
        return Api(admin.base_url, admin.token).put(
            f"/data/projects/{pid}/entities/{shot['id']}/casting", casting[::order])[0]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(cast, shots)) == [200] * 8
    for asset in assets:
        cast_in = admin.get(f"/data/assets/{asset['id']}/cast-in")[1]
        assert sorted(c["shot_id"] for c in cast_in) == ids(shots)
    by_episode = admin.get(f"/data/projects/{pid}/episodes/{episode['id']}/sequences/all/casting")[1]
    assert sorted(by_episode) == ids(shots) and all(len(cast) == 4 for cast in by_episode.values())
    links = admin.get(f"/data/projects/{pid}/entity-links")[1]
    episode_links = [link for link in links if link["entity_in_id"] == episode["id"]]
    assert sorted(link["entity_out_id"] for link in episode_links) == ids(assets)
