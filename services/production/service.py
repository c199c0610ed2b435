"""The production service: the breakdown of productions (projects, entities, casting…).

Foundation stage: its platform (event store, relay, generic CRUD) and the persons replica that
its permission checks will read."""
from nameko.events import event_handler

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared import db
from shared.consumer import CatchUp, applies_once
from shared.eventstore import EventStore
from shared.replicas import apply_person_access

from .projections import PERSONS, metadata


class ProductionApplication(EventStore):
    pass


class ProductionService(shared.service.CrudService):
    name = "production"
    platform = shared.service.Platform(ProductionApplication, metadata)
    catch_up = CatchUp()

    @event_handler("auth", "auth:person-access")
    @applies_once
    def on_person_access(self, envelope):
        apply_person_access(db.current_session(), PERSONS, envelope)
