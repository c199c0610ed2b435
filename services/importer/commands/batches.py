"""What every import does with a list of foreign records: read each one (a bad one is reported
with its index and reason and skipped), resolve what it names through the map of foreign ids,
write it through its owner in batches (a batch's records in parallel, each record's own calls in
order), remember the ids of the batch, and answer the rows in the records' order.

A record is written by one owner command (creating, or updating what the map says it became),
plus at most a link (casting, team) once its row exists: a failed record leaves nothing or that
row alone, and sending the same records again finds them through the map and converges."""
import eventlet
import orjson

from shared.application import UseCases
from shared.crud import Actor
from shared.crud.fields import TRUE
from shared.errors import Forbidden, RemoteError, WrongParameter

from ..models.foreign_ids import ForeignIds
from ..models.import_errors import ImportErrors
from ..rules.shotgun import BadRecord, changed

BATCH = 200  # records written between two saves of the map
IN_FLIGHT = 8  # calls of one batch sent before waiting for their answers (2 processes x workers)
CREATING_CALLS = 2  # an owner's batch creations sent at once (one per process)


class Failure:
    """Why record `index` was not imported."""

    def __init__(self, index, record, reason):
        self.index, self.record, self.reason = index, record, reason

    def as_event_data(self, kind):
        return {"kind": kind, "index": self.index, "reason": self.reason, "record": self.record}


def require_records(body):
    if not isinstance(body, list):
        raise WrongParameter("The request body must be a JSON array of records.")
    return body


def require_admin(actor):
    if not Actor(actor).is_admin:
        raise Forbidden()


class Import:
    """One import request: its calls to the owners, its map of foreign ids, its failures."""

    def __init__(self, part, actor, meta, source):
        self.part, self.actor = part, Actor(actor)
        self.owners = part.platform.remote(actor, meta)
        self.ids = ForeignIds(part.session, source)
        self.source = source
        self.failures = []

    def read(self, records, reader):
        """[(index, record, reading)] of the records that read well (the others are failures)."""
        readings = []
        for index, record in enumerate(records):
            try:
                if not isinstance(record, dict):
                    raise BadRecord("not a JSON object")
                readings.append((index, record, reader(record)))
            except BadRecord as error:
                self.failures.append(Failure(index, record, str(error)))
        return readings

    def save(self, service, collection, current, fields):
        """Create the row (when `current` is None), or change what differs in it."""
        if current is None:
            return self.owners.create(service, collection, fields)
        changes = changed(current, fields)
        return {**current, **self.owners.update(service, collection, current["id"], changes)} if changes else current

    def write(self, items, write, kind=None):
        """`write(item)` -> (foreign id, our row) for every item (index, record, …), in batches;
        [row] of those written, the map of `kind` updated after each batch."""
        return self.write_batches(items, lambda batch: self.in_parallel(batch, write), kind)

    def write_batches(self, items, write_batch, kind=None):
        """As `write`, with `write_batch(batch)` -> the result of each item of the batch:
        (foreign id, our row), a Failure, or None."""
        written = []
        for start in range(0, len(items), BATCH):
            pairs = []
            for result in write_batch(items[start:start + BATCH]):
                if isinstance(result, Failure):
                    self.failures.append(result)
                elif result is not None:
                    pairs.append((result[0], result[1]["id"]))
                    written.append(result[1])
            if kind:
                self.ids.remember(kind, pairs)
        return written

    def create_batch(self, batch, new, create_many, created, write):
        """The result of each item of the batch: those at the `new` positions created by the
        owner's batch command (`create_many(items)` sends it for a share of them, all shares at
        once; `created(item, row)` -> (foreign id, our row)), the others written one by one."""
        results = [None] * len(batch)
        shares = [new[start::CREATING_CALLS] for start in range(CREATING_CALLS)]
        calls = [(share, create_many([batch[position] for position in share])) for share in shares if share]
        others = sorted(set(range(len(batch))) - set(new))
        for position, result in zip(others, self.in_parallel([batch[position] for position in others], write)):
            results[position] = result
        for share, call in calls:
            answer = self.owners.answer(call)
            for position, row in zip(share, answer["rows"]):
                if row is not None:
                    results[position] = self.attempt(batch[position], lambda item: created(item, row))
            for refusal in answer["refused"]:
                index, record = batch[share[refusal["index"]]][:2]
                results[share[refusal["index"]]] = Failure(
                    index, record, str(RemoteError(refusal["status"], refusal["body"])))
        return results

    @staticmethod
    def attempt(item, write):
        """write(item), or the Failure of the item (index, record, …)."""
        try:
            return write(item)
        except (BadRecord, RemoteError) as error:
            return Failure(item[0], item[1], str(error))

    @classmethod
    def in_parallel(cls, batch, write):
        """[write(item) or its Failure] of the batch's items, IN_FLIGHT calls at a time."""
        results = [None] * len(batch)
        pool = eventlet.GreenPool(IN_FLIGHT)

        def run(position):
            results[position] = cls.attempt(batch[position], write)
        for position in range(len(batch)):
            pool.spawn_n(run, position)
        pool.waitall()
        return results

    def fail(self, index, record, reason):
        self.failures.append(Failure(index, record, reason))

    def report(self, kind):
        """The failures of a ShotGrid import, as import errors (GET /import/shotgun/errors lists
        them); the other imports answer theirs."""
        if self.source != "shotgun":
            return
        failures = sorted(self.failures, key=lambda failure: failure.index)
        if failures:
            self.part.platform.part(ImportErrors).record_all(
                self.actor, "shotgun", [failure.as_event_data(kind) for failure in failures])


class Batches(UseCases):
    """Base of the import parts."""

    def begin(self, actor, meta, source="shotgun", query=None):
        """The import of one request: the rows it creates keep the creation date they had (as
        Zou's imports); `?silent=true` (Kitsu imports): the owners' events are stored and
        followed by the services, but not shown to clients (shared.eventstore.SILENT)."""
        require_admin(actor)
        meta = {**meta, "keeps_dates": True}
        if str((query or {}).get("silent", "")).lower() in TRUE:
            meta["silent"] = True
        return Import(self, actor, meta, source)

    @staticmethod
    def named_ids(run, service, collection, names, **defaults):
        """{name: id} of the owner's rows (project statuses, departments, asset types…), those of
        `names` missing created (Zou's get or create by name)."""
        existing = {row["name"]: row["id"] for row in run.owners.rows(service, collection)}
        for name in sorted(names - set(existing)):
            existing[name] = run.owners.create(service, collection, {"name": name, **defaults})["id"]
        return existing

    @staticmethod
    def by_shotgun_id(run, service, collection, shotgun_ids):
        """{ShotGrid id: row} of the owner's rows that carry these ids."""
        wanted = sorted({sg_id for sg_id in shotgun_ids if isinstance(sg_id, int)})
        if not wanted:
            return {}
        rows = run.owners.rows(service, collection, shotgun_id=orjson.dumps(wanted).decode())
        return {row["shotgun_id"]: row for row in rows}
