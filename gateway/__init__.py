"""HTTP gateway: aiohttp front door that authenticates and forwards table routes over nameko RPC."""
