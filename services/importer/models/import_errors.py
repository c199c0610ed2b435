"""Zou's DataImportError: what a sync daemon or an import could not apply (`source` shotgun or
csv), kept for people to look at. The /import/shotgun/errors routes only need a valid token."""
from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.collection import Collection
from shared.crud.fields import Choice, Json
from shared.eventstore import Record, command

from .schema import metadata


class DataImportError(Record):
    public_name = "data-import-error"


class ImportErrorRecords(Collection):
    write_rule = "any"  # any authenticated caller (Zou checks the token only)


IMPORT_ERRORS = ImportErrorRecords("data-import-errors", "DataImportError", DataImportError,
                                   "data_import_error", metadata, {
                                       "event_data": Json(), "source": Choice(("csv", "shotgun"))})


class ImportErrors(Model):
    collection = IMPORT_ERRORS

    @answers("shotgun_import_errors")
    def shotgun_errors(self, actor):
        return self.crud.list(IMPORT_ERRORS.name, actor, {"source": "shotgun"})

    @answers("add_shotgun_import_error")
    def add_shotgun_error(self, actor, body):
        """Any JSON, kept as the error's event_data: 201 the error."""
        return self.record(actor, "shotgun", body)

    @answers("delete_shotgun_import_error")
    def delete_shotgun_error(self, actor, error_id):
        self.crud.delete(IMPORT_ERRORS.name, actor, error_id)

    def record(self, actor, source, event_data):
        return self.crud.save_new(IMPORT_ERRORS, Actor(actor), {"event_data": event_data, "source": source})

    @command
    def record_all(self, actor, source, events_data):
        """Several errors in one command (an import's failures: one commit, not one each)."""
        return [self.record(actor, source, event_data) for event_data in events_data]
