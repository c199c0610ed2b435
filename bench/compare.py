"""Ours against the Zou reference with the reference's own tools, one server after the other.

    .venv/bin/python bench/compare.py --label "issue 11"   [--before REV] [--runs 2] [--duration 15s]

1. our cluster, isolated (databases kitsu_bench_*, vhost kitsu_bench, port 8190, run dir
   .run-bench), from empty databases: seeded with the reference `seed.py`, a pause, `bench.sh`;
   then stopped;
2. the reference (must be installed: ../shared/tools/zou-reference/start.sh): reset, seeded and
   benched the same way;
3. `bench/results/latest.md`: the ratios ours / Zou of every creation phase, read and write, with
   both raw summaries beside it (`latest-{ours,zou}-*`); one line more in `bench/results/HISTORY.md`.

`--before REV`: first the same with our code at git revision REV (a worktree run with this venv),
so that a change's before and after are both measured against the same run of the reference.
"""
import argparse
import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "tools" / "zou-reference"
RESULTS = ROOT / "bench" / "results"
ZOU_HOME = pathlib.Path(os.environ.get("ZOU_HOME", "/tmp/zou-reference"))
ZOU_URL = "http://127.0.0.1:5000"
PORT = 8190
OURS_URL = f"http://127.0.0.1:{PORT}/api"
OURS_ENV = {"DB_PREFIX": "kitsu_bench", "AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/kitsu_bench",
            "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(PORT), "KITSU_RUN_DIR": str(ROOT / ".run-bench"),
            "PREVIEW_FOLDER": str(ROOT / ".run-bench" / "previews"), "USER_LIMIT": "100000"}
PAUSE = 20  # seconds between seeding and measuring: the services' housekeeping settles
PHASES = ("assets", "shots", "tasks", "casting")  # seed.py's bulk creation phases
HISTORY_COLUMNS = ("create assets", "create shots", "create tasks", "create casting", "whole seed",
                   "GET persons", "GET task", "GET shots", "write comment", "write status", "write time-spent")


def run(*command, env=None, **kwargs):
    print("==", " ".join(map(str, command)), flush=True)
    return subprocess.run(command, check=True, env={**os.environ, **(env or {})}, **kwargs)


def fresh_cluster(root):
    """Our isolated cluster (code in `root`) from empty databases and a new vhost (read models
    have no migrations)."""
    env = {**os.environ, **OURS_ENV, "KITSU_VENV": str(ROOT / ".venv")}
    run(str(root / "deploy" / "down"), env=env)
    names = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
                            "SELECT datname FROM pg_database WHERE datname LIKE 'kitsu\\_bench\\_%'"],
                           check=True, capture_output=True, text=True).stdout.split()
    for name in names:
        run("dropdb", "-h", "127.0.0.1", "-U", "postgres", name)
    run("bash", "-c", "source deploy/common.sh && export_defaults && reset_vhost", env=env, cwd=root)
    run(str(root / "deploy" / "up"), "-d", env=env)


def measure_ours(root, side, folder, args):
    fresh_cluster(root)
    try:
        return rates(*seed_and_bench(side, OURS_URL, folder, args))
    finally:
        run(str(root / "deploy" / "down"), env={**os.environ, **OURS_ENV})


def checkout(revision, folder):
    """A worktree of our code at `revision`."""
    subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)
    run("git", "worktree", "add", "--detach", str(folder), revision, cwd=ROOT)
    return folder


def seed_and_bench(side, url, folder, args):
    python = str(ZOU_HOME / ".venv" / "bin" / "python")
    seed = folder / f"{side}-seed.json"
    with open(folder / f"{side}-seed.txt", "w") as log:
        run(python, str(REFERENCE / "seed.py"), "--base-url", url, "--results", str(seed), stdout=log)
    time.sleep(PAUSE)
    run(str(REFERENCE / "bench.sh"), "--out", str(folder / f"{side}-bench"), url,
        env={"LABEL": side, "RUNS": str(args.runs), "DURATION": args.duration}, stdout=subprocess.DEVNULL)
    return (json.loads(seed.read_text()),
            json.loads((folder / f"{side}-bench" / "summary.json").read_text()))


def rates(seed, bench):
    """{measure: (req/s, p99 ms)} of one side; the whole seed in seconds."""
    phases = {row["phase"]: row for row in seed["phases"]}
    measures = {f"create {name}": (phases[name]["req_per_s"], phases[name]["p99_ms"]) for name in PHASES}
    measures["whole seed"] = (seed["total_seconds"], None)
    for kind, prefix in (("reads", "GET"), ("writes", "write")):
        for name, summary in bench[kind].items():
            measures[f"{prefix} {name}"] = (summary["median_req_per_s"], summary["median_p99_ms"])
    return measures


def ratio(name, ours, zou):
    if not ours or not zou:
        return None
    return zou / ours if name == "whole seed" else ours / zou  # the seed: seconds, less is better


def report(label, ours, zou, folder, before=None):
    lines = [f"# Ours vs Zou 1.0.97 with the reference tools: {label}", "",
             f"{datetime.date.today()}, {os.cpu_count()} cores; `seed.py` (8 clients) then "
             f"`bench.sh` on each server, one after the other. Ratios > 1: ours is faster.", "",
             "| measure | ours | Zou | ours / Zou | p99 ours (ms) | p99 Zou (ms) |", "|---|---:|---:|---:|---:|---:|"]
    for name in ours:
        (o, op), (z, zp) = ours[name], zou.get(name, (None, None))
        r = ratio(name, o, z)
        lines.append(f"| {name}{' (s)' if name == 'whole seed' else ' (req/s)'} | {o} | {z} | "
                     f"{'' if r is None else f'{r:.2f}'} | {op or ''} | {zp or ''} |")
    if before:
        revision, measures = before
        lines += ["", f"Before (our code at {revision}, same run of Zou): ratios ours / Zou and after / before.", "",
                  "| measure | before | ratio before | ratio after | after / before |", "|---|---:|---:|---:|---:|"]
        for name in ours:
            z = zou.get(name, (None,))[0]
            rb, ra = ratio(name, measures[name][0], z), ratio(name, ours[name][0], z)
            change = f"{ra / rb:.3f}" if ra and rb else ""
            lines.append(f"| {name} | {measures[name][0]} | {'' if rb is None else f'{rb:.2f}'} | "
                         f"{'' if ra is None else f'{ra:.2f}'} | {change} |")
    (folder / "latest.md").write_text("\n".join(lines) + "\n")
    if before:
        add_history(f"{label}, before ({before[0]})", before[1], zou)
    add_history(label, ours, zou)


def add_history(label, ours, zou):
    history = RESULTS / "HISTORY.md"
    if not history.exists():
        history.write_text("# Ratios ours / Zou, run after run (bench/compare.py)\n\n"
                           f"| date | label | {' | '.join(HISTORY_COLUMNS)} |\n"
                           f"|---|---|{'---:|' * len(HISTORY_COLUMNS)}\n")
    cells = [ratio(name, ours.get(name, (None,))[0], zou.get(name, (None,))[0]) for name in HISTORY_COLUMNS]
    cells = ["" if cell is None else f"{cell:.2f}" for cell in cells]
    with history.open("a") as out:
        out.write(f"| {datetime.date.today()} | {label} | {' | '.join(cells)} |\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--before", metavar="REV", help="measure our code at REV first")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--duration", default="15s")
    args = parser.parse_args()
    work = ROOT / ".run-bench" / "compare"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    before = None
    if args.before:
        source = checkout(args.before, ROOT / ".run-bench" / "before-src")
        before = (args.before, measure_ours(source, "before", work, args))
        run("git", "worktree", "remove", "--force", str(source), cwd=ROOT)
    ours = measure_ours(ROOT, "ours", work, args)
    run(str(REFERENCE / "reset-db.sh"))
    zou = rates(*seed_and_bench("zou", ZOU_URL, work, args))
    report(args.label, ours, zou, work, before)
    for old in RESULTS.glob("latest*"):
        old.unlink() if old.is_file() else shutil.rmtree(old)
    shutil.copy(work / "latest.md", RESULTS / "latest.md")
    for side in ("ours", "zou"):
        shutil.copy(work / f"{side}-seed.txt", RESULTS / f"latest-{side}-seed.txt")
        shutil.copy(work / f"{side}-bench" / "summary.md", RESULTS / f"latest-{side}-bench.md")
    print((RESULTS / "latest.md").read_text())


if __name__ == "__main__":
    sys.exit(main())
