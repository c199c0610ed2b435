"""Creating many tasks or comments in one command (the importer's pages of records): each record
checked as its single creation checks it (its model's `draft`, then the collection's validation
and references, each read once for the whole batch), then all written at once, with the events
of their single creations; a refused record leaves nothing behind while the others are written
(shared.crud.store.create_many)."""
from shared.application import UseCases, answers
from shared.errors import NotFound

BATCHED = ("tasks", "comments")  # the collections created in batches (their models create by `draft`)


class BatchCreation(UseCases):
    @answers("create_many")
    def create_many(self, actor, collection, body):
        """{rows: [the created row, or None when refused], refused: [{index, status, body}]},
        each record created as POST /data/<collection> creates it, for the same caller."""
        if collection not in BATCHED:
            raise NotFound()
        model = self.platform.model(collection)
        return self.crud.create_many(collection, actor, body, lambda record: model.draft(actor, record))
