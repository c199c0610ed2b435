"""Files through the gateway: uploads are written to the file store before the service is called
(it gets their names, sizes and ids, never the bytes), downloads are sent from it.

Layout as Zou's local store (API.md §8): PREVIEW_FOLDER/<bucket>/<prefix>/<id[0:3]>/<id[3:6]>/<id>,
with bucket/prefix from the route (e.g. files/attachments)."""
import asyncio
import mimetypes
import os
import pathlib
import uuid

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.helpers import content_disposition_header

from shared import config

from . import guard

CHUNK = 1 << 20
BAD_MULTIPART = {"error": True, "message": "The request body is not valid multipart form data.", "data": None}


def stored_path(key, file_id):
    """`key`: "<bucket>/<prefix>" of the route."""
    return pathlib.Path(config.PREVIEW_FOLDER, key, file_id[:3], file_id[3:6], file_id)


def create(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "wb")


async def store_uploads(request, key):
    """The multipart body as the service's body: its form fields, plus `files`: for every file
    part {id, name, size, extension, mimetype} (the bytes are at stored_path(key, id)). The disk
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
                             mimetype=part.headers.get("Content-Type") or mimetypes.guess_type(name)[0])
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
    out, size = await asyncio.to_thread(create, stored_path(key, file_id)), 0
    try:
        while chunk := await part.read_chunk(CHUNK):
            size += len(chunk)
            if size > limit:
                raise guard.Refused(413, guard.TOO_LARGE)
            await asyncio.to_thread(out.write, chunk)
    finally:
        await asyncio.to_thread(out.close)
    return size


def without_uploads(body):
    """A non-multipart body sent to an upload route: no files, whatever it says (the service
    trusts `files` to name what the gateway stored)."""
    return {**(body if isinstance(body, dict) else {}), "files": []}


async def discard(key, file_ids):
    """Stored files that no record names (a refused upload, a deleted attachment) go."""
    for file_id in file_ids:
        await asyncio.to_thread(stored_path(key, file_id).unlink, missing_ok=True)


async def file_response(key, answer):
    """The service answered which stored file to send: {id, name, mimetype}."""
    path = stored_path(key, answer["id"])
    if not await asyncio.to_thread(path.is_file):  # no disk access on the event loop
        return None
    return web.FileResponse(path, headers={
        "Content-Type": answer.get("mimetype") or "application/octet-stream",
        "Content-Disposition": content_disposition_header("attachment", filename=answer["name"])})
