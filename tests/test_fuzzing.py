"""Fuzzing the whole API with schemathesis from our /openapi.json, as the admin and as an artist:
no answer is a server error (5xx), no request hangs, no refused request writes anything
(tests/fuzz_hooks.py). A bounded run: about two minutes. Run last (tests/conftest.py): what it
creates would disturb other tests' expectations.

A long run outside the suite: KITSU_FUZZ_SECONDS=1200 ./deploy/test tests/test_fuzzing.py
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api import logged_in, unique

HERE = Path(__file__).resolve().parent
SECONDS = int(os.environ.get("KITSU_FUZZ_SECONDS", "0"))  # per role; 0: the suite's bounded run
# what fuzzing must not reach: the caller's own session and password
EXCLUDED = ("/auth/logout", "/auth/change-password")


@pytest.fixture(scope="module")
def known_ids(admin):
    """Ids of real rows, given to the fuzzer as examples of the path parameters that name them
    (random ids only reach the 404 of each route)."""
    task_type = admin.post("/data/task-types", {"name": unique("fuzz"), "for_entity": "Asset"})[1]
    project = admin.post("/data/projects", {"name": unique("fuzz")})[1]
    base = f"/data/projects/{project['id']}"
    asset_type = admin.post("/data/entity-types", {"name": unique("fuzz")})[1]
    admin.post(f"{base}/settings/task-types", {"task_type_id": task_type["id"]})
    asset = admin.post(f"{base}/asset-types/{asset_type['id']}/assets/new", {"name": unique("asset")})[1]
    sequence = admin.post(f"{base}/sequences", {"name": unique("sq")})[1]
    shot = admin.post(f"{base}/shots", {"name": unique("sh"), "sequence_id": sequence["id"]})[1]
    task = admin.post("/data/tasks", {"entity_id": asset["id"], "task_type_id": task_type["id"]})[1]
    todo = next(row for row in admin.get("/data/task-status")[1] if row["short_name"] == "todo")
    comment = admin.post(f"/actions/tasks/{task['id']}/comment", {"task_status_id": todo["id"],
                                                                  "comment": "fuzz"})[1]
    return {"project_id": project["id"], "task_type_id": task_type["id"], "asset_type_id": asset_type["id"],
            "asset_id": asset["id"], "entity_id": asset["id"], "sequence_id": sequence["id"],
            "shot_id": shot["id"], "task_id": task["id"], "task_status_id": todo["id"],
            "comment_id": comment["id"]}


def with_examples(document, known):
    """The document, each path parameter naming a known row with that row's id as its example."""
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in known:
                    parameter["example"] = known[parameter["name"]]
    return document


def fuzz(cluster, token, known, seconds, tmp_path):
    """Run schemathesis for `seconds`; (exit code, output, cases run)."""
    schema = tmp_path / "openapi.json"
    document = json.loads(cluster_get(cluster, "/openapi.json"))
    schema.write_text(json.dumps(with_examples(document, known)))
    command = [str(Path(sys.executable).parent / "schemathesis"), "run", str(schema),
               "--url", cluster.base_url, "-H", f"Authorization: Bearer {token}",
               "--checks", "not_a_server_error,no_partial_write", "--phases", "examples,coverage,fuzzing",
               "--max-time", str(seconds), "--request-timeout", "20", "--workers", "1",
               "--generation-database", "none", "--no-color",
               *[option for path in EXCLUDED for option in ("--exclude-path", path)]]
    env = dict(cluster.env, SCHEMATHESIS_HOOKS="fuzz_hooks", KITSU_FUZZ_DB_PREFIX=cluster.env["DB_PREFIX"],
               PYTHONPATH=str(HERE))
    run = subprocess.run(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=seconds + 300)
    return run.returncode, run.stdout, cases_run(run.stdout)


def cluster_get(cluster, path):
    import requests
    response = requests.get(cluster.base_url + path, timeout=30)
    response.raise_for_status()
    return response.text


def cases_run(output):
    """How many test cases the run generated, from its summary."""
    found = re.search(r"(\d+) generated", output)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("role", ["admin", "user"])
def test_fuzzing_finds_no_server_error_hang_or_partial_write(cluster, admin, known_ids, role, tmp_path):
    if role == "admin":
        token, seconds = admin.token, SECONDS or 70
    else:
        token, seconds = logged_in(cluster.base_url, admin, role).token, SECONDS or 40
    code, output, cases = fuzz(cluster, token, known_ids, seconds, tmp_path)
    print(f"{role}: {cases} cases in {seconds} s\n" + output[-1500:])
    failures = output.find("= FAILURES =")
    assert code == 0, output[failures:failures + 12000] if failures >= 0 else output[-12000:]
