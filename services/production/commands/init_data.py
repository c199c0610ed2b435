"""What `zou init-data` creates, done at the service's start: the project statuses Open and
Closed, the entity types of the temporal kinds (with the deterministic ids of
models/entity_types.kind_type_id) and, on a fresh service, Zou's default asset types. Idempotent; twins
starting together run it one after the other."""
import sqlalchemy as sa

from shared import db
from shared.crud import Actor
from shared.eventstore import exclusive_command

from ..models.entity_types import ENTITY_TYPES, kind_type_id
from ..models.projects import PROJECT_STATUSES
from ..rules.entities import NOT_ASSET_TYPES

PROJECT_STATUS_NAMES = ("Open", "Closed")
ASSET_TYPE_NAMES = ("Character", "Prop", "Environment", "FX")
SYSTEM = Actor(role="admin")


class InitData:
    def __init__(self, crud):
        self.crud = crud

    @exclusive_command("production:bootstrap")
    def run(self):
        session = db.current_session()
        statuses = PROJECT_STATUSES.table
        existing = set(session.execute(sa.select(statuses.c.name)).scalars())
        for name in PROJECT_STATUS_NAMES:
            if name not in existing:
                self.crud.save_new(PROJECT_STATUSES, SYSTEM, {"name": name})
        types = ENTITY_TYPES.table
        fresh = session.execute(sa.select(types.c.id).limit(1)).first() is None
        for kind in NOT_ASSET_TYPES:
            kind_type_id(self.crud, kind)
        if fresh:  # asset types are the studio's: only seeded once, deleted ones stay deleted
            for name in ASSET_TYPE_NAMES:
                self.crud.save_new(ENTITY_TYPES, SYSTEM, {"name": name})
