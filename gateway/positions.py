"""Read-your-writes: how far into each service's log every token's writes went.

Each reply to a write says where its events sit in its service's log (shared/rpc.py). The next
requests of the same token carry those positions, and a service waits until its replicas have
applied them (shared/service.py). A token the gateway has not seen yet (a new login, a bot's
token) starts from every write acknowledged so far: what the admin just did for a person is
there when that person starts working."""
import cachetools


class WrittenPositions:
    def __init__(self, maxsize=50000):
        self.by_token = cachetools.LRUCache(maxsize=maxsize)
        self.acknowledged = {}  # service -> highest position of any reply of this gateway

    def of(self, actor):
        """{service: position} for the caller's token (a copy of every write so far when new)."""
        if actor is None:
            return dict(self.acknowledged)
        positions = self.by_token.get(actor["jti"])
        if positions is None:
            positions = self.by_token[actor["jti"]] = dict(self.acknowledged)
        return positions

    def record(self, actor, written):
        """A reply's `positions` header: the caller's next requests must see them."""
        for service, position in written.items():
            if position > self.acknowledged.get(service, 0):
                self.acknowledged[service] = position
            if actor is not None:
                positions = self.of(actor)
                if position > positions.get(service, 0):
                    positions[service] = position
