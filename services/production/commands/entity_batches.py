"""Creating many entities in one command (the importer's pages of assets, episodes, sequences,
shots): each record created exactly as `create_entity` creates it (same checks, same answer, the
existing one of that name under the same parent), in a savepoint of its own, so that a refused
record leaves nothing behind while the others are written; one transaction for the page."""
from shared.application import UseCases, answers
from shared.errors import WrongParameter
from shared.eventstore import command, write_each

from ..models.entity_creation import EntityCreation


class EntityBatches(UseCases):
    @answers("create_entities")
    @command
    def create_many(self, actor, kind, body):
        """{rows: [the entity, or None when refused], refused: [{index, status, body}]} of the
        records {project_id, asset_type_id (assets), body: as create_entity's body, shotgun_id:
        the record's id in ShotGrid (an import's, kept on the new entity as Zou's import does)}."""
        creation = self.platform.part(EntityCreation)

        def create(record):
            if not isinstance(record, dict) or not isinstance(record.get("body"), dict):
                raise WrongParameter("A record must be a JSON object with a body object.")
            return creation.create(actor, record.get("project_id"), kind, record.get("body"),
                                   record.get("asset_type_id"), shotgun_id=record.get("shotgun_id"))
        return write_each(self.session, body, create)
