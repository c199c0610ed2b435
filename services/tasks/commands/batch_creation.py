"""Creating many tasks or comments in one command (the importer's pages of records): each record
is created the single-record way (its model's `create`, with the same checks), in a savepoint of
its own, so that a refused record leaves nothing behind while the others are written. One
transaction and one write of the event log for the whole batch."""
import contextlib

from shared.application import UseCases, answers
from shared.errors import ApiError, NotFound, WrongParameter
from shared.eventstore import command

BATCHED = ("tasks", "comments")  # the collections created in batches


@contextlib.contextmanager
def record_savepoint(session):
    """A record's writes within the running command, undone entirely when it is refused (an
    ApiError below 500): its SQL back to the savepoint, its events and saved aggregates dropped.
    Anything else (a lost race, the database) ends the whole command as usual."""
    info, connection = session.info, session.connection()
    marks = {key: {owner: len(items) for owner, items in info[key].items()}
             for key in ("pending_events", "saved_aggregates")}
    access, rights = len(info["pending_access"]), info["pending_rights"]
    connection.exec_driver_sql("SAVEPOINT batch_record")
    try:
        yield
    except ApiError as error:
        if int(error.args[0]) >= 500:
            raise
        connection.exec_driver_sql("ROLLBACK TO SAVEPOINT batch_record")
        for key, lengths in marks.items():
            for owner, items in info[key].items():
                del items[lengths.get(owner, 0):]
        del info["pending_access"][access:]
        info["pending_rights"] = rights
        raise
    connection.exec_driver_sql("RELEASE SAVEPOINT batch_record")


class BatchCreation(UseCases):
    @answers("create_many")
    @command
    def create_many(self, actor, collection, body):
        """{rows: [the created row, or None when refused], refused: [{index, status, body}]},
        each record created as POST /data/<collection> creates it, for the same caller."""
        if collection not in BATCHED:
            raise NotFound()
        if not isinstance(body, list):
            raise WrongParameter("The request body must be a JSON array of records.")
        model, rows, refused = self.platform.model(collection), [], []
        for index, record in enumerate(body):
            try:
                with record_savepoint(self.session):
                    rows.append(model.create(actor, record))
            except ApiError as error:
                rows.append(None)
                refused.append({"index": index, "status": int(error.args[0]), "body": error.body})
        return {"rows": rows, "refused": refused}
