"""The routes the gateway answers itself: API root, health and configuration, OpenAPI document."""
import asyncio
import datetime
import os
import time

import orjson
import psutil
from aiohttp import web

from shared import config

from .keys import EVENTS, OPENAPI, RPC, STATE, STREAM
from .routes import Route

ROUTES = [Route("GET", path, "gateway", handler, "public") for path, handler in (
    ("/", "api_root"), ("/status", "status"), ("/status.txt", "status_txt"),
    ("/status/influx", "status_influx"), ("/status/resources", "status_resources"),
    ("/status/test-event", "test_event"), ("/config", "kitsu_config"),
    ("/openapi.json", "openapi"))]


def json(body):
    return web.Response(body=orjson.dumps(body), content_type="application/json")


async def api_root(request):
    return json({"api": config.API_NAME, "version": config.API_VERSION})


async def ping(rpc, service):
    request = {"actor": None, "params": {}, "query": {}, "body": None,
               "meta": {"user_agent": "gateway", "ip": ""}}
    try:
        return await rpc.call(service, "ping", request, timeout=2) or {}
    except Exception:
        return None


async def status_dict(app):
    rpc = app[RPC]
    answers = await asyncio.gather(*(ping(rpc, service) for service in config.SERVICES))
    up = dict(zip(config.SERVICES, answers))
    auth = up.get("auth")
    status = {
        "name": config.API_NAME, "version": config.API_VERSION,
        "database-up": bool(auth and auth.get("database")),
        "key-value-store-up": True,
        "event-stream-up": app[EVENTS].connected,
        "job-queue-up": False, "indexer-up": False,
        "message-broker-up": rpc.connected,
    }
    status.update({f"{service}-up": answer is not None for service, answer in up.items()})
    # the gateway can't check tokens before it has auth's access snapshot: auth isn't up for us yet
    status["auth-up"] = status["auth-up"] and app[STATE].ready
    return status


async def status(request):
    return json(await status_dict(request.app))


async def status_txt(request):
    def word(value):
        return ("up" if value else "down") if isinstance(value, bool) else value
    lines = [f"{key}: {word(value)}" for key, value in (await status_dict(request.app)).items()]
    return web.Response(text="\n".join(lines) + "\n")


async def status_influx(request):
    """The same health as numbers, for InfluxDB/Telegraf."""
    status = await status_dict(request.app)
    keys = ("database-up", "key-value-store-up", "event-stream-up", "job-queue-up", "indexer-up")
    return json({**{key: int(status[key]) for key in keys}, "time": time.time()})


async def status_resources(request):
    memory = psutil.virtual_memory()
    one, five, fifteen = os.getloadavg()
    return json({
        "date": datetime.datetime.now().isoformat(),
        "cpu": {"percent": psutil.cpu_percent(percpu=True),
                "loadavg": {"last 1 min": one, "last 5 min": five, "last 10 min": fifteen}},
        "memory": {"total": memory.total, "used": memory.used, "available": memory.available,
                   "percent": memory.percent},
        "jobs": {"running_jobs": 0}})


async def test_event(request):
    """Zou's check of the live stream: every connected client gets `main:test`."""
    await request.app[STREAM].server.emit("main:test", {}, namespace="/events")
    return json({"success": True})


async def kitsu_config(request):
    """What the Kitsu web app reads before login (no SSO, search or 2FA enforcement here)."""
    return json({"is_self_hosted": True, "crisp_token": "", "dark_theme_by_default": False,
                 "indexer_configured": False, "saml_enabled": False, "saml_idp_name": "",
                 "oidc_enabled": False, "oidc_idp_name": "", "default_locale": "en_US",
                 "default_timezone": "Europe/Paris", "enforce_2fa": False,
                 "movie_highdef_bitrate": 28, "movie_lowdef_bitrate": 6,
                 "preview_accounts_enabled": True})


async def openapi(request):
    return web.Response(body=request.app[OPENAPI], content_type="application/json")


HANDLERS = {route.rpc: globals()[route.rpc] for route in ROUTES}
