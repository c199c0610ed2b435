"""The ShotGrid import and the shots CSV export, ours against the Zou reference, same payloads.

    .venv/bin/python bench/importer.py --ours http://127.0.0.1:8190/api --zou http://127.0.0.1:5000
        [--scale 1.0]

Generates a ShotGrid-shaped studio (1 project, 20 persons, 500 assets, 1,000 shots in 10 sequences
with casting, 7,500 tasks, 5,000 notes; --scale shrinks it), posts it to each server in the
documented order, in pages of 500 records (as ShotGrid's API hands them to a migration script;
our gateway also gives a call RPC_TIMEOUT = 30 s), and prints the records/s per kind on both,
the whole import's time, then a CSV export of the 1,000 shots, with the ratios ours / Zou
(above 1: we are faster). Both servers must be up, the admin able to log in."""
import argparse
import random
import time

import requests

ADMIN = {"email": "admin@example.com", "password": "mysecretpassword"}
PAGE = 500  # records per request: a page of ShotGrid's API, as a migration script reads them
ORDER = ("projects", "persons", "steps", "status", "sequences", "assets", "shots", "tasks", "notes")


def studio(scale, base):
    """{route: records} of a ShotGrid studio; ids offset by `base` (a new one per run)."""
    count = lambda n: max(1, int(n * scale))  # noqa: E731
    name = f"SG bench {base}"
    link = {"id": base, "name": name, "type": "Project"}
    persons = [{"id": base + 100 + i, "firstname": f"Artist{i}", "lastname": "Bench",
                "email": f"artist{i}.{base}@example.com", "login": f"a{i}", "sg_status_list": "act",
                "permission_rule_set": {"name": "Artist"}, "department": {"name": "Animation"}}
               for i in range(count(20))]
    steps = [{"id": base + 10 + i, "code": f"{code} {base}", "short_name": code[:3].upper(),
              "color": "10,20,30", "entity_type": kind}
             for i, (code, kind) in enumerate(
                 [(code, "Asset") for code in ("Concept", "Modeling", "Rigging", "Texturing", "Shading")]
                 + [(code, "Shot") for code in ("Layout", "Animation", "FX", "Lighting", "Compositing")])]
    statuses = [{"id": base + 30 + i, "name": f"{code} {base}", "code": f"{code}{base // 100000}", "bg_color": "0,0,255"}
                for i, code in enumerate(("wtg", "ip", "rev"))]
    sequences = [{"id": base + 50 + i, "code": f"SQ{i:02}", "project": link} for i in range(10)]
    assets = [{"id": base + 1000 + i, "code": f"Asset{i:03}", "description": "", "project": link,
               "sg_asset_type": ("Character", "Prop", "Set")[i % 3], "parents": []} for i in range(count(500))]
    shots = [{"id": base + 5000 + i, "code": f"SH{i:04}", "project": link,
              "sg_sequence": {"id": sequences[i % 10]["id"]}, "sg_cut_in": 1001, "sg_cut_duration": 48,
              "assets": [{"id": assets[(i * 7 + k) % len(assets)]["id"]} for k in range(3)]}
             for i in range(count(1000))]
    tasks, rng = [], random.Random(base)
    # 7,500 distinct tasks: each shot (1,000) and each asset (500) gets one per step of its kind
    work = [("Shot", shot, step) for shot in shots for step in steps[5:]] + \
        [("Asset", asset, step) for asset in assets for step in steps[:5]]
    for i, (kind, entity, step) in enumerate(work[:count(7500)]):
        tasks.append({"id": base + 20000 + i, "cached_display_name": step["code"], "step": {"id": step["id"]},
                      "project": {"id": base}, "entity": {"type": kind, "id": entity["id"]},
                      "sg_status_list": statuses[i % 3]["code"], "start_date": "2024-01-02",
                      "task_assignees": [{"id": rng.choice(persons)["id"]}], "created_by": {"id": persons[0]["id"]}})
    notes = [{"id": base + 40000 + i, "content": f"note {i}", "user": {"id": persons[i % len(persons)]["id"]},
              "tasks": [{"id": tasks[i % len(tasks)]["id"]}], "created_at": "2024-01-05T10:00:00"}
             for i in range(count(5000))]
    return {"projects": [{"id": base, "name": name, "sg_status": "Active"}], "persons": persons,
            "steps": steps, "status": statuses, "sequences": sequences, "assets": assets, "shots": shots,
            "tasks": tasks, "notes": notes}, name


def session(url):
    http = requests.Session()
    token = http.post(f"{url}/auth/login", json=ADMIN, timeout=60).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def import_studio(url, payload):
    """{kind: (records, seconds)} of one server, the records sent a page at a time."""
    http, timings = session(url), {}
    for route in ORDER:
        records, start = payload[route], time.perf_counter()
        for first in range(0, len(records), PAGE):
            response = http.post(f"{url}/import/shotgun/{route}", json=records[first:first + PAGE], timeout=3600)
            if response.status_code != 200:
                raise SystemExit(f"{url} {route}: {response.status_code} {response.text[:300]}")
        timings[route] = (len(records), time.perf_counter() - start)
    return timings


def export_shots(url, project_name, runs=3):
    http = session(url)
    project = http.get(f"{url}/data/projects", params={"name": project_name}, timeout=60).json()[0]
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        response = http.get(f"{url}/export/csv/projects/{project['id']}/shots.csv", timeout=600)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.text[:300]
        best = elapsed if best is None else min(best, elapsed)
    return best, response.text.count("\n") - 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", default="http://127.0.0.1:8190/api")
    parser.add_argument("--zou", default="http://127.0.0.1:5000")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--export-project", help="the project whose shots.csv is timed (default: the imported "
                        "one; Zou 1.0.97 exports the shots of a ShotGrid import as an empty sheet, so name a "
                        "project both servers hold, e.g. seed.py's)")
    args = parser.parse_args()
    base = random.randint(10**6, 10**8) // 100000 * 100000
    payload, name = studio(args.scale, base)
    results = {label: import_studio(url, payload) for label, url in (("ours", args.ours), ("zou", args.zou))}
    print(f"{'kind':<12}{'records':>8}{'ours rec/s':>12}{'zou rec/s':>12}{'ratio':>8}")
    for route in ORDER:
        (count, ours), (_, zou) = results["ours"][route], results["zou"][route]
        print(f"{route:<12}{count:>8}{count / ours:>12.1f}{count / zou:>12.1f}{zou / ours:>8.2f}")
    whole = {label: sum(seconds for _, seconds in timings.values()) for label, timings in results.items()}
    print(f"whole import: ours {whole['ours']:.1f} s, zou {whole['zou']:.1f} s, ratio {whole['zou'] / whole['ours']:.2f}")
    exported = args.export_project or name
    (ours, lines), (zou, zou_lines) = export_shots(args.ours, exported), export_shots(args.zou, exported)
    print(f"shots.csv of {exported!r}: ours {lines} lines in {ours * 1000:.0f} ms, zou {zou_lines} lines in "
          f"{zou * 1000:.0f} ms" + (f", ratio {zou / ours:.2f}" if lines == zou_lines else ": not the same sheet"))


if __name__ == "__main__":
    main()
