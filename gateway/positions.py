"""Read-your-writes: how far into each service's log every person's writes went.

Each reply to a write says where its events sit in its service's log (shared/rpc.py). The next
requests of the same person carry those positions (whatever their token: a script and the web
app of one person see each other's writes), and a service waits until its replicas have applied
them (shared/service.py). A person the gateway has not seen yet starts from every write
acknowledged so far: what the admin just did for a person is there when that person starts.
A change of rights (a team, a role on a project…) is everyone's: every request sent after it
waits for it."""
import cachetools


class WrittenPositions:
    def __init__(self, maxsize=50000):
        self.by_person = cachetools.LRUCache(maxsize=maxsize)
        self.acknowledged = {}  # service -> highest position of any reply of this gateway
        self.rights = {}  # service -> position of its last change of rights

    def of(self, actor):
        """{service: position} for the caller's next request."""
        if actor is None:
            return dict(self.acknowledged)
        positions = self.by_person.get(actor["id"])
        if positions is None:  # a copy of every write so far
            positions = self.by_person[actor["id"]] = dict(self.acknowledged)
        return merged(positions, self.rights)

    def record(self, actor, written, rights=False):
        """A reply's `positions` header: the caller's next requests (everyone's, for a change of
        `rights`) must see them."""
        raise_to(self.acknowledged, written)
        if rights:
            raise_to(self.rights, written)
        if actor is not None:
            raise_to(self.by_person.setdefault(actor["id"], {}), written)


def raise_to(positions, written):
    for service, position in written.items():
        if position > positions.get(service, 0):
            positions[service] = position


def merged(positions, floor):
    return {**positions, **{service: position for service, position in floor.items()
                            if position > positions.get(service, 0)}}
