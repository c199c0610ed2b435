"""`python -m gateway`: serve the gateway on GATEWAY_HOST:GATEWAY_PORT, logging to stderr."""
import asyncio
import logging
import sys

import uvloop
from aiohttp import web

from shared import config, tokens

from .app import create_app


def main():
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiormq").setLevel(logging.WARNING)
    tokens.secret_key()  # no signing key, no start
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())  # a faster loop for the same code
    # No access log: it costs more than the routing itself on this hot path.
    web.run_app(create_app(), host=config.GATEWAY_HOST, port=config.GATEWAY_PORT,
                access_log=None, print=None)


if __name__ == "__main__":
    main()
