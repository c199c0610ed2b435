"""What the gateway keeps on its aiohttp application (shared by app.py and local.py)."""
from aiohttp import web

from .auth import AccessState, AuthEvents
from .file_answers import FileAnswers
from .positions import WrittenPositions
from .router import Router
from .rpc import RpcClient
from .stream import EventStream

RPC = web.AppKey("rpc", RpcClient)
STATE = web.AppKey("state", AccessState)
POSITIONS = web.AppKey("positions", WrittenPositions)
FILE_ANSWERS = web.AppKey("file_answers", FileAnswers)
EVENTS = web.AppKey("events", AuthEvents)
STREAM = web.AppKey("stream", EventStream)
ROUTER = web.AppKey("router", Router)
OPENAPI = web.AppKey("openapi", bytes)
COMPOSED = web.AppKey("composed", dict)  # compose.resolve: the parts of the composed routes
