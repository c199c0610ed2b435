"""Instructions per request of the benchmark's routes, counted in every process of a cluster of ours.

    KITSU_PROC_WRAPPER="valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=$PWD/.run/callgrind.%p" KITSU_UP_TIMEOUT=900 deploy/up -d
    .venv/bin/python bench/instructions.py --url http://127.0.0.1:8080/api --run-dir .run \\
        --out after.json [--against before.json]

The box's req/s move by up to 30 % between two runs of the same code, so a change's cost is hard
to see with `bench.sh`; valgrind's callgrind counts the instructions each process executes, which
is the same run after run. The cluster must already hold the reference's dataset (`seed.py`, run
without the wrapper: seeding under valgrind would take hours) and run under callgrind with its
instrumentation off (the line above); this turns it on only while a route is measured, in every
process named by a pid file of the run dir. A measure waits for the cluster to be quiet first,
and after the load until the followers have applied the events it caused; what the processes do
when idle (heartbeats, polls) is measured before and after, and taken off. `--against` prints the
ratios to an earlier run's file (e.g. the code before a change, measured the same way).
"""
import argparse
import asyncio
import json
import os
import pathlib
import subprocess
import sys
import time

import aiohttp

from compare import REFERENCE, ZOU_HOME

READS = {  # name -> (path, requests, token): bench.sh's reads
    "root": ("/", 400, None), "persons": ("/data/persons", 100, "TOKEN"),
    "task": ("/data/tasks/{TASK_ID}", 200, "TOKEN"),
    "shots": ("/data/projects/{PROJECT_ID}/shots", 30, "TOKEN"),
    "entity-links": ("/data/projects/{PROJECT_ID}/entity-links", 30, "TOKEN"),
    "person-tasks": ("/data/persons/{PERSON_ID}/tasks", 30, "TOKEN"),
    "user-tasks": ("/data/user/tasks", 30, "ARTIST_TOKEN"),
    "casting": ("/data/projects/{PROJECT_ID}/episodes/{EPISODE_ID}/sequences/all/casting", 30, "TOKEN"),
}
WRITES = {"comment": "SHOT_TASK_IDS_FILE", "status": "SHOT_TASK_IDS_FILE", "time-spent": "ARTIST_TASK_IDS_FILE"}
WRITE_REQUESTS, WRITE_WARMUP = 100, 8
IDLE_SECONDS = 10
BUSY_TICKS = 40  # CPU ticks in 5 s above which a process is busy (an idle one under callgrind: ~25)


class Cluster:
    def __init__(self, run_dir):
        self.pids = {path.stem: int(path.read_text()) for path in pathlib.Path(run_dir).glob("*.pid")}
        self.run_dir = pathlib.Path(run_dir)

    def control(self, *args):
        for pid in self.pids.values():
            subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True)

    def ticks(self):
        return {name: sum(map(int, pathlib.Path(f"/proc/{pid}/stat").read_text().split()[13:15]))
                for name, pid in self.pids.items()}

    def wait_quiet(self):
        """Until no process is busy (a follower still applying events, a catch-up after a start)."""
        for _ in range(120):
            before = self.ticks()
            time.sleep(5)
            if all(after - before[name] <= BUSY_TICKS for name, after in self.ticks().items()):
                return
        print("the cluster is still busy: measuring anyway", file=sys.stderr)

    def count(self, trigger, load):
        """({process: instructions}, seconds) while `load()` runs and the cluster settles after it."""
        self.control("-z")
        self.control("-i", "on")
        start = time.monotonic()
        load()
        self.wait_quiet()
        seconds = time.monotonic() - start
        self.control("-i", "off")
        self.control("-d", trigger)
        time.sleep(1)
        return {name: self.totals(pid) for name, pid in self.pids.items()}, seconds

    def totals(self, pid):
        latest = max(self.run_dir.glob(f"callgrind.{pid}.*"), key=os.path.getmtime)
        return next(int(line.split()[1]) for line in latest.read_text().splitlines() if line.startswith("totals:"))


async def get_many(url, requests, token, concurrency=4):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    left = list(range(requests))
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as session:
        async def client():
            while left:
                left.pop()
                async with session.get(url, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"{url} answered {response.status}")
        await asyncio.gather(*(client() for _ in range(concurrency)))


def prepared(url, folder):
    """bench.sh's tokens and ids (the reference's bench_prepare.py), as a dict; the id files go
    in `folder`."""
    output = subprocess.run([str(ZOU_HOME / ".venv" / "bin" / "python"), str(REFERENCE / "bench_prepare.py"),
                             "--base-url", url, "--ids-file", str(folder / "shot_task_ids.txt")],
                            check=True, capture_output=True, text=True).stdout
    return dict(line.removeprefix("export ").split("=", 1) for line in output.splitlines() if "=" in line)


def read_load(url, requests, token):
    return lambda: asyncio.run(get_many(url, requests, token))


def write_load(url, ids, mode):
    return lambda: subprocess.run(
        [str(ZOU_HOME / ".venv" / "bin" / "python"), str(REFERENCE / "bench_write.py"), "--base-url", url,
         "--mode", mode, "--token", ids["TOKEN"], "--task-ids-file", ids[WRITES[mode]],
         "--wip", ids["STATUS_WIP_ID"], "--wfa", ids["STATUS_WFA_ID"], "--person", ids["PERSON_ID"],
         "--concurrency", "8", "--requests", str(WRITE_REQUESTS), "--warmup", str(WRITE_WARMUP),
         "--duration", "3600", "--timeout", "600"], check=True, capture_output=True)


def per_request(counts, seconds, idle, requests):
    """{process: millions of instructions per request}: the idle rate taken off; the processes
    that did none of the work (what is left is within the idle count's own noise) are left out."""
    net = {name: total - idle[name] * seconds for name, total in counts.items()}
    return {name: round(value / requests / 1e6, 3) for name, value in net.items()
            if value > 0.25 * idle[name] * seconds or name == "gateway"}


def measure(url, cluster):
    ids = prepared(url, cluster.run_dir)
    loads = {}  # name -> (requests, load, warm-up: a few unmeasured requests first, or None)
    for name, (path, requests, token) in READS.items():
        full = url + path.format(**ids)
        loads[name] = (requests, read_load(full, requests, ids.get(token)), read_load(full, 8, ids.get(token)))
    for mode in WRITES:  # bench_write.py warms up itself, within the count
        loads[mode] = (WRITE_REQUESTS + WRITE_WARMUP, write_load(url, ids, mode), None)
    cluster.wait_quiet()
    idle_counts, idle_seconds = cluster.count("idle", lambda: time.sleep(IDLE_SECONDS))
    raw = {}
    for name, (requests, load, warm_up) in loads.items():
        if warm_up:
            warm_up()
        cluster.wait_quiet()
        raw[name] = (*cluster.count(name, load), requests)
        print(name, raw[name][0], flush=True)
    end_counts, end_seconds = cluster.count("idle-end", lambda: time.sleep(IDLE_SECONDS))
    idle = {name: (idle_counts[name] + end_counts[name]) / (idle_seconds + end_seconds) for name in idle_counts}
    return {name: per_request(counts, seconds, idle, requests) for name, (counts, seconds, requests) in raw.items()}


def table(results, against=None):
    lines = ["| route | M instructions / request | by process |" + (" against | ratio |" if against else ""),
             "|---|---:|---|" + ("---:|---:|" if against else "")]
    for name, processes in results.items():
        total = sum(processes.values())
        cells = [name, f"{total:.2f}", " ".join(f"{p} {v:.2f}" for p, v in sorted(processes.items()))]
        if against:
            earlier = sum(against[name].values())
            cells += [f"{earlier:.2f}", f"{total / earlier:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the gateway of a seeded cluster under callgrind")
    parser.add_argument("--run-dir", required=True, help="its KITSU_RUN_DIR (pid files, callgrind dumps)")
    parser.add_argument("--out", required=True, help="where to write the results (JSON)")
    parser.add_argument("--against", help="an earlier results file, for ratios")
    args = parser.parse_args()
    results = measure(args.url.rstrip("/"), Cluster(args.run_dir))
    pathlib.Path(args.out).write_text(json.dumps(results, indent=1))
    print(table(results, json.loads(pathlib.Path(args.against).read_text()) if args.against else None))


if __name__ == "__main__":
    sys.exit(main())
