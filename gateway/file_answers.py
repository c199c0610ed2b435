"""Which stored file a preview's picture or movie route sends, for whom: media's answers, kept by
the gateway. A review page asks for the same thumbnails again and again, and each ask was an RPC
in which media checked the caller's right to the preview's task on its replicas.

An answer is reused for the same caller (id and role) and path only while nothing was written
since it was asked: the reply of any write forgets them all (app.apply_written), before it is
answered. A right withdrawn (a team, a role on a project, an assignment, a task or project
deleted) is such a write, so the very next request asks media again, and waits there for the
change like any request after a change of rights (positions.py); a deactivated person is refused
before (auth.py). Refusals are never kept. The answers themselves only name the stored file:
the gateway still looks at it for every request (ETag, Last-Modified, 304, ranges: files.py)."""
import cachetools

# the routes' RPCs whose answer follows from the path, the caller and their rights alone
KEPT_RPCS = frozenset({"preview_picture", "preview_movie"})
# seconds: a bound for what no reply tells the gateway (a write made by a service on its own,
# an answer given after a service's read-your-writes wait timed out)
MAX_AGE = 10


class FileAnswers:
    def __init__(self, maxsize=20000, max_age=MAX_AGE):
        self.answers = cachetools.TTLCache(maxsize=maxsize, ttl=max_age)
        self.generation = 0  # writes seen so far

    @staticmethod
    def key(route, params, actor):
        """The key of this request's answer, or None when it is not kept."""
        if route.rpc not in KEPT_RPCS or route.content != "file" or actor is None:
            return None
        return actor["id"], actor["role"], route.rpc, tuple(sorted(params.items()))

    def get(self, key):
        return self.answers.get(key) if key is not None else None

    def keep(self, key, generation, answer):
        """Keep media's answer to a request sent when `generation` writes had been seen: none
        since, else it may predate one of them."""
        if key is not None and generation == self.generation:
            self.answers[key] = answer

    def written(self):
        """A write was acknowledged: every answer given before it may have changed."""
        self.generation += 1
        self.answers.clear()
