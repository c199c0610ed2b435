"""The media pipeline, ours against the Zou reference (one after the other, same machine):

    .venv/bin/python bench/media.py --url http://127.0.0.1:8080/api --label ours
    .venv/bin/python bench/media.py --url http://127.0.0.1:5000 --label zou

1. upload -> ready latency of a 1080p PNG, then of a 10 s 1080p movie, with 1 and with 8 uploads
   at once (p50, p99, total time); ready = the upload's answer says so, else the preview polled;
2. thumbnails served per second (16 clients, `--seconds`), p50 and p99;
3. a playlist movie built from `--playlist` shots (each with a ready 2 s 1280x720 movie): seconds
   from the build's request to its job's end (Zou has no job queue here: it builds in the request).
Prints one JSON summary (and writes it to `--out` when given)."""
import argparse
import concurrent.futures
import json
import pathlib
import statistics
import subprocess
import tempfile
import threading
import time
import uuid

import requests
from PIL import Image

ADMIN = {"email": "admin@example.com", "password": "mysecretpassword"}


class Client:
    def __init__(self, url):
        self.url = url.rstrip("/")
        token = requests.post(f"{self.url}/auth/login", json=ADMIN, timeout=30).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}
        self.local = threading.local()

    @property
    def http(self):
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
            self.local.session.headers.update(self.headers)
        return self.local.session

    def call(self, method, path, **kwargs):
        response = self.http.request(method, self.url + path, timeout=600, **kwargs)
        response.raise_for_status()
        return response.json() if response.content and "json" in response.headers.get("Content-Type", "") else None


def a_task(client):
    """A shot task of a new project, and a task status to comment with."""
    project = client.call("POST", "/data/projects", json={"name": f"bench-media-{uuid.uuid4().hex[:8]}"})
    base = f"/data/projects/{project['id']}"
    sequence = client.call("POST", f"{base}/sequences", json={"name": "SQ01"})
    shot = client.call("POST", f"{base}/shots", json={"name": "SH010", "sequence_id": sequence["id"]})
    task_type = client.call("POST", "/data/task-types", json={"name": f"bench-{uuid.uuid4().hex[:8]}",
                                                              "for_entity": "Shot"})
    tasks = client.call("POST", f"/actions/projects/{project['id']}/task-types/{task_type['id']}/shots/create-tasks",
                        json=[shot["id"]])
    return tasks[0], client.call("GET", "/data/task-status")[0]


def upload_until_ready(client, task, status, path):
    """(seconds from the comment's preview creation to the preview being ready or broken, its id,
    its status)."""
    comment = client.call("POST", f"/actions/tasks/{task['id']}/comment",
                          json={"task_status_id": status["id"], "comment": "bench"})
    started = time.perf_counter()
    preview = client.call("POST", f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-preview", json={})
    with open(path, "rb") as file:
        preview = client.call("POST", f"/pictures/preview-files/{preview['id']}", files={"file": file})
    while preview["status"] == "processing":
        time.sleep(0.05)
        preview = client.call("GET", f"/data/preview-files/{preview['id']}")
    return time.perf_counter() - started, preview["id"], preview["status"]


def summary(durations, total, broken=0):
    ordered = sorted(durations) or [0.0]
    return {"n": len(durations), "p50": round(statistics.median(ordered), 3),
            "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 3), "total": round(total, 3),
            "broken": broken}


def uploads(client, task, status, path, concurrency, count):
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: upload_until_ready(client, task, status, path), range(count)))
    ready = [(seconds, preview_id) for seconds, preview_id, state in results if state == "ready"]
    return (summary([seconds for seconds, _ in ready], time.perf_counter() - started, len(results) - len(ready)),
            [preview_id for _, preview_id in ready])


def thumbnails(client, preview_ids, seconds, clients=16):
    durations, deadline = [], time.perf_counter() + seconds
    lock = threading.Lock()

    def hammer(index):
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = client.http.get(f"{client.url}/pictures/thumbnails/preview-files/"
                                       f"{preview_ids[index % len(preview_ids)]}.png", timeout=30)
            response.raise_for_status()
            mine.append(time.perf_counter() - started)
            index += 1
        with lock:
            durations.extend(mine)

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(hammer, range(clients)))
    elapsed = time.perf_counter() - started
    return {"requests_per_s": round(len(durations) / elapsed, 1), **summary(durations, elapsed)}


def playlist_build(client, folder, shots):
    """Seconds to build the movie of a playlist of `shots` shots, and the job's status."""
    clip = folder / "clip.mov"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25",
                    "-t", "2", "-pix_fmt", "yuv420p", str(clip)], check=True)
    project = client.call("POST", "/data/projects", json={"name": f"bench-build-{uuid.uuid4().hex[:8]}",
                                                          "resolution": "1280x720", "fps": "25"})
    base = f"/data/projects/{project['id']}"
    sequence = client.call("POST", f"{base}/sequences", json={"name": "SQ01"})
    task_type = client.call("POST", "/data/task-types", json={"name": f"bench-{uuid.uuid4().hex[:8]}",
                                                              "for_entity": "Shot"})
    status = client.call("GET", "/data/task-status")[0]
    entries = []
    for number in range(shots):
        shot = client.call("POST", f"{base}/shots", json={"name": f"SH{number:03d}0", "sequence_id": sequence["id"]})
        task = client.call("POST", f"/actions/projects/{project['id']}/task-types/{task_type['id']}/shots/create-tasks",
                           json=[shot["id"]])[0]
        _, preview_id, state = upload_until_ready(client, task, status, clip)
        if state != "ready":
            return {"shots": shots, "status": f"a preview is {state}: nothing to build"}
        entries.append({"entity_id": shot["id"], "preview_file_id": preview_id})
    playlist = client.call("POST", "/data/playlists", json={"name": "bench", "project_id": project["id"],
                                                            "shots": entries})
    started = time.perf_counter()
    job = client.call("GET", f"/data/playlists/{playlist['id']}/build/mp4")
    while job["status"] == "running":
        time.sleep(0.2)
        job = client.call("GET", f"/data/playlists/{playlist['id']}/jobs/{job['id']}")
    return {"shots": shots, "seconds": round(time.perf_counter() - started, 2), "status": job["status"]}


def media_files(folder):
    picture = folder / "frame.png"
    Image.effect_noise((1920, 1080), 40).convert("RGB").save(picture)  # noise: a realistic PNG size
    movie = folder / "take.mov"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=25",
                    "-t", "10", "-pix_fmt", "yuv420p", str(movie)], check=True)
    return picture, movie


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--pictures", type=int, default=16, help="uploads per concurrency level")
    parser.add_argument("--movies", type=int, default=8, help="uploads at 8 at once (0: no movies)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--playlist", type=int, default=10, help="shots of the playlist built (0: none)")
    parser.add_argument("--out")
    args = parser.parse_args()
    client = Client(args.url)
    task, status = a_task(client)
    results = {"label": args.label, "url": args.url}
    with tempfile.TemporaryDirectory() as folder:
        picture, movie = media_files(pathlib.Path(folder))
        for concurrency in (1, 8):
            results[f"picture x{concurrency}"], ids = uploads(client, task, status, picture, concurrency,
                                                               args.pictures)
            print(json.dumps({f"picture x{concurrency}": results[f"picture x{concurrency}"]}), flush=True)
        for concurrency in (1, 8) if args.movies else ():
            count = args.movies if concurrency > 1 else max(2, args.movies // 4)
            results[f"movie x{concurrency}"], _ = uploads(client, task, status, movie, concurrency, count)
            print(json.dumps({f"movie x{concurrency}": results[f"movie x{concurrency}"]}), flush=True)
        if args.playlist:
            results["playlist build"] = playlist_build(client, pathlib.Path(folder), args.playlist)
            print(json.dumps({"playlist build": results["playlist build"]}), flush=True)
    results["thumbnails"] = thumbnails(client, ids, args.seconds)
    print(json.dumps(results, indent=2))
    if args.out:
        pathlib.Path(args.out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
