"""Asset types: entity types that are not the temporal kinds, listed as Zou's AssetType."""
import uuid

import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor

from ..models.entities import ENTITIES, BreakdownPart
from ..models.entity_types import ENTITY_TYPES
from ..rules.entities import NOT_ASSET_TYPES
from .entities import cast_ids


class AssetTypeViews(BreakdownPart):
    def asset_types_query(self):
        table = ENTITY_TYPES.table
        return sa.select(table).where(table.c.name.not_in(NOT_ASSET_TYPES))

    @staticmethod
    def asset_type_answer(row, relations=True):
        return {**ENTITY_TYPES.serialize(row, None, relations), "type": "AssetType"}

    @answers("asset_types")
    def asset_types(self, actor, query):
        statement = self.asset_types_query()
        for key, value in query.items():
            if ENTITY_TYPES.filter_field(key) is not None:
                statement = statement.where(self.crud.filter(ENTITY_TYPES, Actor(actor), key, value))
        return [self.asset_type_answer(row) for row in self.session.execute(statement).mappings()]

    @answers("asset_type")
    def asset_type(self, actor, asset_type_id):
        row = self.crud.row(ENTITY_TYPES, asset_type_id)
        if row["name"] in NOT_ASSET_TYPES:
            self.entity(str(uuid.uuid4()))  # the same 404 as an unknown id
        return self.asset_type_answer(row)

    def types_of(self, entity_filter):
        types, entity = ENTITY_TYPES.table, ENTITIES.table
        query = self.asset_types_query().where(types.c.id.in_(
            sa.select(entity.c.entity_type_id).where(entity_filter))).order_by(types.c.name)
        return [self.asset_type_answer(row, relations=False) for row in self.session.execute(query).mappings()]

    @answers("project_asset_types")
    def project_asset_types(self, actor, project_id):
        self.check_project(actor, project_id)
        entity = ENTITIES.table
        return self.types_of(sa.and_(entity.c.project_id == project_id, entity.c.kind == "Asset"))

    @answers("shot_asset_types")
    def shot_asset_types(self, actor, shot_id):
        """GET /data/shots/{id}/asset-types: the team (vendors too, as Zou)."""
        row = self.entity(shot_id, ("Shot",))
        self.check_project(actor, row["project_id"])
        return self.types_of(ENTITIES.table.c.id.in_(cast_ids(row["id"])))
