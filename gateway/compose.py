"""Answers composed from several services: a route's `parts` name other GET routes of the table
whose answers, for the same caller, become keys of its own answer (Zou's /data/user/context holds
projects, task types, statuses… that production and tasks own, beside auth's persons). The route's
service and every part are called at once; each service answers only what it holds."""
import asyncio

import orjson

from .routes import Route


def resolve(router, routes):
    """{(method, path): ((key, part route, its path params), ...)} for the routes with parts.
    A part names a GET route of the table by its path, or a service's answer that no route
    gives alone as "service:rpc"."""
    composed = {}
    for route in routes:
        if not route.parts:
            continue
        resolved = []
        for key, source in route.parts:
            if not source.startswith("/"):
                service, _, rpc = source.partition(":")
                resolved.append((key, Route("GET", route.path, service, rpc), {}))
                continue
            part, params = router.match("GET", source)
            if part is None or part.parts:
                raise ValueError(f"{route.path}: part {key!r} is not a plain GET route ({source})")
            resolved.append((key, part, params))
        composed[(route.method, route.path)] = tuple(resolved)
    return composed


async def call_composed(call, route, parts, payload):
    """(status, body, headers) of the route with its parts' answers under their keys; the first
    failure (in the route's order) answers instead, as one service's failure would."""
    calls = [call(route, payload, raw=False)]
    for _key, part, params in parts:
        part_payload = {**payload, "params": {**part.params, **params}, "query": {}, "body": None}
        calls.append(call(part, part_payload, raw=True))
    answers = await asyncio.gather(*calls)
    for status, body, headers in answers:
        if status >= 300:
            return status, body, headers
    status, body, headers = answers[0]
    body = dict(body)
    for (key, _part, _params), (_status, part_body, _headers) in zip(parts, answers[1:]):
        # a part's JSON text goes into the answer as it came, without being parsed
        body[key] = orjson.Fragment(part_body) if isinstance(part_body, bytes) else part_body
    return status, body, headers
