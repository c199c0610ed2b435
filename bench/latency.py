"""Unloaded latency of a few requests (sequential, one client), against any Zou-compatible server.

    .venv/bin/python bench/latency.py http://127.0.0.1:8080/api [--runs 500]

Prints median / p90 / p99 in ms for: a minimal RPC round trip (GET /data/departments/<missing id>,
token check + one RPC + one indexed lookup, answering 404), a list (GET /data/persons) and a login."""
import argparse
import asyncio
import statistics
import time

import aiohttp


async def timed(session, method, url, runs, **kwargs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        async with session.request(method, url, **kwargs) as response:
            await response.read()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median": statistics.median(samples), "p90": samples[int(len(samples) * 0.9)],
            "p99": samples[min(len(samples) - 1, int(len(samples) * 0.99))], "status": response.status}


async def main(base, runs, email, password):
    async with aiohttp.ClientSession() as session:
        login = {"email": email, "password": password}
        async with session.post(f"{base}/auth/login", json=login) as response:
            token = (await response.json())["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        missing = "00000000-0000-0000-0000-000000000000"
        results = {
            "rpc round trip (GET /data/departments/<missing>)":
                await timed(session, "GET", f"{base}/data/departments/{missing}", runs, headers=auth),
            "GET /data/persons": await timed(session, "GET", f"{base}/data/persons", runs, headers=auth),
            "POST /auth/login": await timed(session, "POST", f"{base}/auth/login", max(runs // 10, 20),
                                            json=login),
        }
    for name, result in results.items():
        print(f"{name:55s} median {result['median']:7.2f} ms  p90 {result['p90']:7.2f}  "
              f"p99 {result['p99']:7.2f}  (HTTP {result['status']})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default="mysecretpassword")
    args = parser.parse_args()
    asyncio.run(main(args.base_url.rstrip("/"), args.runs, args.email, args.password))
