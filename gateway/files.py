"""Files through the gateway: uploads are written to the file store before the service is called
(it gets their names, sizes and ids, never the bytes), downloads are sent from it.

Layout as Zou's local store (API.md §8): PREVIEW_FOLDER/<bucket>/<prefix>/<id[0:3]>/<id[3:6]>/<id>,
with bucket/prefix from the route (e.g. files/attachments)."""
import asyncio
import mimetypes
import os
import uuid

import orjson

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.helpers import content_disposition_header

from shared import config
from shared.storage import STORE

from . import guard

CHUNK = 1 << 20
BAD_MULTIPART = {"error": True, "message": "The request body is not valid multipart form data.", "data": None}


def create(key, file_id):
    """`key`: "<bucket>/<prefix>" of the route."""
    return open(STORE.writable(key, file_id), "wb")


async def store_uploads(request, key):
    """The multipart body as the service's body: its form fields, plus `files`: for every file
    part {id, name, size, extension, mimetype, field} (the bytes are in the store under key, id;
    `field`: the part's form name, e.g. a batch comment's `preview_file-0-1`). The disk
    is written from worker threads: the event loop goes on serving meanwhile. A refused upload
    (malformed, past UPLOAD_LIMIT_MB in all, a NUL in a field: gateway/guard.py) leaves no file
    behind."""
    body, files = {}, []
    try:
        reader = await request.multipart()
        async for part in reader:
            if part.filename is None:
                body[part.name] = guard.checked(await part.text())
                continue
            files.append({"id": str(uuid.uuid4())})
            name = os.path.basename(guard.checked(part.filename))
            files[-1].update(name=name, size=await store_part(part, key, files[-1]["id"], files),
                             extension=os.path.splitext(name)[1].lstrip(".").lower(),
                             mimetype=part.headers.get("Content-Type") or mimetypes.guess_type(name)[0],
                             field=part.name)
    except (guard.Refused, HttpProcessingError, ValueError) as error:
        await discard(key, [stored["id"] for stored in files])
        if isinstance(error, guard.Refused):
            raise
        raise guard.Refused(400, BAD_MULTIPART) from None
    body["files"] = files
    return body


async def store_part(part, key, file_id, files):
    """Write one file part; its size. `files`: this upload's files so far (the limit is on all)."""
    limit = config.UPLOAD_LIMIT_MB * 1024 * 1024 - sum(stored.get("size", 0) for stored in files)
    out, size = await asyncio.to_thread(create, key, file_id), 0
    try:
        while chunk := await part.read_chunk(CHUNK):
            size += len(chunk)
            if size > limit:
                raise guard.Refused(413, guard.TOO_LARGE)
            await asyncio.to_thread(out.write, chunk)
    finally:
        await asyncio.to_thread(out.close)
    await asyncio.to_thread(STORE.stored, key, file_id)
    return size


def form_body(body, json_fields):
    """A multipart's form fields as the JSON body they stand for: the fields that carry JSON
    (e.g. a comment's checklist) decoded; without the uploaded files (app.attach_uploads)."""
    body = {key: value for key, value in body.items() if key != "files"}
    for name in json_fields:
        if isinstance(body.get(name), str):
            try:
                body[name] = orjson.loads(body[name])
            except orjson.JSONDecodeError:
                raise guard.Refused(400, BAD_MULTIPART) from None
    return body


def without_uploads(body):
    """A non-multipart body sent to an upload route: no files, whatever it says (the service
    trusts `files` to name what the gateway stored)."""
    return {**(body if isinstance(body, dict) else {}), "files": []}


async def discard(key, file_ids):
    """Stored files that no record names (a refused upload) go."""
    for file_id in file_ids:
        await asyncio.to_thread(STORE.remove, key, file_id)


async def file_response(key, answer):
    """The service answered which stored file to send: {id, name, mimetype}, and for previews
    `stores` (the keys to try in order, else the route's) and `inline`. Conditional (ETag,
    Last-Modified: 304) and ranged (206) as aiohttp's FileResponse answers, by sendfile;
    cached by the browser only (Zou: private, CLIENT_CACHE_MAX_AGE). A `temporary` file (made
    for this answer: a playlist's zip, an extracted frame, a PDF…) is sent whole, once, and removed."""
    for store in answer.get("stores") or [key]:
        path = await asyncio.to_thread(STORE.readable, store, answer["id"])  # no I/O on the event loop
        if path is not None:
            break
    else:
        return None
    disposition = "inline" if answer.get("inline") else "attachment"
    headers = {"Content-Type": answer.get("mimetype") or "application/octet-stream",
               "Content-Disposition": content_disposition_header(disposition, filename=answer.get("name") or "")}
    if answer.get("temporary"):
        return web.Response(body=await asyncio.to_thread(open_once, path, store, answer["id"]), headers=headers)
    headers["Cache-Control"] = f"private, max-age={config.CLIENT_CACHE_MAX_AGE}"
    return web.FileResponse(path, headers=headers)


def open_once(path, key, file_id):
    """A file made for one answer, open for sending and gone from the store
    already: it takes no room once sent, whether or not the client read it all."""
    opened = open(path, "rb")
    STORE.remove(key, file_id)
    return opened
