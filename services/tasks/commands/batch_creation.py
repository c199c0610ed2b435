"""Creating many tasks or comments in one command (the importer's pages of records): each record
is created the single-record way (its model's `create`, with the same checks), in a savepoint of
its own, so that a refused record leaves nothing behind while the others are written. One
transaction and one write of the event log for the whole batch."""
from shared.application import UseCases, answers
from shared.errors import NotFound
from shared.eventstore import command, write_each

BATCHED = ("tasks", "comments")  # the collections created in batches


class BatchCreation(UseCases):
    @answers("create_many")
    @command
    def create_many(self, actor, collection, body):
        """{rows: [the created row, or None when refused], refused: [{index, status, body}]},
        each record created as POST /data/<collection> creates it, for the same caller."""
        if collection not in BATCHED:
            raise NotFound()
        model = self.platform.model(collection)
        return write_each(self.session, body, lambda record: model.create(actor, record))
