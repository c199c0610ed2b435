"""Seed the reference breakdown through the HTTP API and time its creation.

Same shape as zou-reference/seed.py (1 tvshow project, 10 asset types, 500 assets,
5 episodes x 10 sequences x 20 shots, 5 casting links per shot) but without persons, task
types or tasks, so it runs against a server whose tasks routes are not there yet. The project
gets a unique name, so the same server can be seeded again. Prints one JSON object:
{project_id, episode_id, asset_id, rates: {assets, shots, casting} in requests/s}.

    python bench/seed_breakdown.py --base-url http://127.0.0.1:8090/api [--concurrency 8]
"""
import argparse
import json
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

ASSET_TYPES = ["Character", "Environment", "FX", "Prop", "Vehicle", "Creature", "Set Dressing",
               "Matte Painting", "Camera", "Light Rig"]
ASSETS_PER_TYPE, EPISODES, SEQUENCES, SHOTS, CAST_PER_SHOT = 50, 5, 10, 20, 5


class Api:
    """One keep-alive session per client thread."""

    def __init__(self, base, token=None):
        self.base, self.token, self.local = base.rstrip("/"), token, threading.local()

    def call(self, method, path, body=None):
        if not hasattr(self.local, "http"):
            self.local.http = requests.Session()
            if self.token:
                self.local.http.headers["Authorization"] = f"Bearer {self.token}"
        response = self.local.http.request(method, self.base + path, json=body, timeout=120)
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json()


def timed(name, items, work, concurrency, rates):
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(work, items))
    seconds = time.perf_counter() - start
    rates[name] = round(len(items) / seconds, 1)
    print(f"  {name}: {len(items)} requests in {seconds:.1f} s ({rates[name]} req/s)", file=sys.stderr)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default="mysecretpassword")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    token = Api(args.base_url).call("POST", "/auth/login",
                                    {"email": args.email, "password": args.password})["access_token"]
    api, threads = Api(args.base_url, token), args.concurrency
    existing = {t["name"]: t for t in api.call("GET", "/data/asset-types")}
    types = [existing.get(name) or api.call("POST", "/data/entity-types", {"name": name})
             for name in ASSET_TYPES]
    project = api.call("POST", "/data/projects", {"name": f"Bench {uuid.uuid4().hex[:8]}",
                                                   "production_type": "tvshow", "production_style": "3d"})
    pid, rates = project["id"], {}
    for asset_type in types:
        api.call("POST", f"/data/projects/{pid}/settings/asset-types", {"asset_type_id": asset_type["id"]})

    specs = [(t, i) for t in types for i in range(1, ASSETS_PER_TYPE + 1)]
    assets = timed("assets", specs, lambda s: api.call(
        "POST", f"/data/projects/{pid}/asset-types/{s[0]['id']}/assets/new",
        {"name": f"{s[0]['name'].replace(' ', '')}_{s[1]:03d}", "description": f"number {s[1]}",
         "data": {"lod": s[1] % 3}}), threads, rates)
    episodes = [api.call("POST", f"/data/projects/{pid}/episodes", {"name": f"E{e:02d}"})
                for e in range(1, EPISODES + 1)]
    sequences = timed("sequences", [(e, s) for e in episodes for s in range(1, SEQUENCES + 1)],
                      lambda s: api.call("POST", f"/data/projects/{pid}/sequences",
                                         {"name": f"SQ{s[1]:02d}", "episode_id": s[0]["id"]}),
                      threads, rates)
    shots = timed("shots", [(q, n) for q in sequences for n in range(1, SHOTS + 1)], lambda s: api.call(
        "POST", f"/data/projects/{pid}/shots",
        {"name": f"SH{s[1] * 10:04d}", "sequence_id": s[0]["id"], "nb_frames": 24 + s[1],
         "data": {"frame_in": 1001, "frame_out": 1024 + s[1]}}), threads, rates)
    casting = [(shot, [{"asset_id": assets[(k * 7 + j * 101) % len(assets)]["id"], "nb_occurences": 1 + j % 2}
                       for j in range(CAST_PER_SHOT)]) for k, shot in enumerate(shots)]
    timed("casting", casting, lambda c: api.call(
        "PUT", f"/data/projects/{pid}/entities/{c[0]['id']}/casting", c[1]), threads, rates)
    print(json.dumps({"project_id": pid, "episode_id": episodes[0]["id"], "asset_id": assets[0]["id"],
                      "rates": rates}))


if __name__ == "__main__":
    main()
