"""Asset instances: an asset placed in a scene or inside another asset (numbered per container),
and added to shots (the shot's `instance_casting`)."""
import uuid

import sqlalchemy as sa

from shared import db
from shared.application import answers
from shared.crud import Actor, Collection
from shared.crud.fields import Boolean, Integer, Json, String, Uuid
from shared.errors import Forbidden
from shared.eventstore import command

from ..domain import AssetInstance
from ..replicas import metadata
from ..rules.entities import instance_name
from ..rules.requests import required_id
from .entities import ACCESS, ENTITIES, ENTITY_PARAMS, BreakdownPart
from .entity_types import ENTITY_TYPES


class AssetInstanceCollection(Collection):
    """Listed by admins; one goes to whoever reads its asset."""
    read_rule = "admin"

    def check_get(self, actor, row):
        if not actor.is_admin:
            asset = db.current_session().execute(sa.select(ENTITIES.table).where(
                ENTITIES.table.c.id == row["asset_id"])).mappings().first()
            if asset is None:
                raise Forbidden()
            ACCESS.check_entity_read(db.current_session(), actor, asset)


ASSET_INSTANCES = AssetInstanceCollection("asset-instances", "AssetInstance", AssetInstance, "asset_instance",
                                          metadata, {
    "asset_id": Uuid(nullable=False, index=True, references="entity"),
    "target_asset_id": Uuid(index=True, references="entity"), "scene_id": Uuid(index=True, references="entity"),
    "number": Integer(protected=True), "name": String(), "description": String(),
    "active": Boolean(default=True), "data": Json(), "entity_id": Uuid(references="entity"),
    "entity_type_id": Uuid(references="entity_type")})


class AssetInstances(BreakdownPart):
    # -- creation -----------------------------------------------------------------------------
    @answers("create_asset_asset_instance")
    @command
    def add_to_asset(self, actor, asset_id, body):
        """POST /data/assets/{id}/asset-asset-instances {asset_to_instantiate_id, description?}."""
        target = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        instantiated = self.entity(required_id(body, "asset_to_instantiate_id"), ("Asset",))
        return self.create(actor, instantiated, body, target_asset_id=target["id"])

    @answers("create_scene_asset_instance")
    @command
    def add_to_scene(self, actor, scene_id, body):
        """POST /data/scenes/{id}/asset-instances {asset_id, description?}."""
        scene = self.check_entity(actor, self.entity(scene_id, ("Scene",)))
        asset = self.entity(required_id(body, "asset_id"), ("Asset",))
        return self.create(actor, asset, body, scene_id=scene["id"])

    def create(self, actor, asset, body, **container):
        """Next number for (asset, container); name `<asset slug>_<0001>`."""
        table = ASSET_INSTANCES.table
        conditions = [table.c.asset_id == asset["id"]] + [table.c[key] == value for key, value in container.items()]
        last = self.session.execute(sa.select(sa.func.max(table.c.number)).where(*conditions)).scalar() or 0
        fields = ASSET_INSTANCES.with_defaults({
            "asset_id": asset["id"], "number": last + 1, "name": instance_name(asset["name"], last + 1),
            "description": body.get("description"), **container})
        row = self.crud.save(ASSET_INSTANCES, AssetInstance.create(fields, Actor(actor).id))
        return ASSET_INSTANCES.serialize(row)

    # -- reads --------------------------------------------------------------------------------
    @answers("asset_instances", entity_id=ENTITY_PARAMS)
    def listing(self, actor, entity_id, of):
        """The instance listings; `of` (fixed route param) names which one."""
        listing = {"asset": self.of_asset, "scene": self.of_scene,
                   "camera": lambda actor, scene_id: self.of_scene(actor, scene_id, camera=True),
                   "asset-scenes": self.scenes_of_asset, "asset-shots": self.shots_of_asset,
                   "shot": self.of_shot}[of]
        return listing(actor, entity_id)

    def grouped(self, condition, key="asset_id", rows=None):
        """Instances matching `condition`, grouped by `key` (Zou writes a missing key as "None")."""
        table = ASSET_INSTANCES.table
        query = sa.select(table).where(condition).order_by(table.c.asset_id, table.c.number)
        out = {}
        for row in rows if rows is not None else self.session.execute(query).mappings():
            out.setdefault(str(row[key]), []).append(ASSET_INSTANCES.serialize(row))
        return out

    def of_asset(self, actor, asset_id):
        """GET /data/assets/{id}/asset-asset-instances: instances placed inside the asset."""
        row = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        return self.grouped(ASSET_INSTANCES.table.c.target_asset_id == row["id"])

    def of_scene(self, actor, scene_id, camera=False):
        """GET /data/scenes/{id}/asset-instances (…/camera-instances: those of Camera assets)."""
        row = self.check_entity(actor, self.entity(scene_id, ("Scene",)))
        table = ASSET_INSTANCES.table
        condition = table.c.scene_id == row["id"]
        if camera:
            condition = sa.and_(condition, table.c.asset_id.in_(self.camera_assets()))
        return self.grouped(condition)

    def camera_assets(self):
        entity, types = ENTITIES.table, ENTITY_TYPES.table
        return (sa.select(entity.c.id).join(types, types.c.id == entity.c.entity_type_id)
                .where(types.c.name == "Camera"))

    def scenes_of_asset(self, actor, asset_id):
        """GET /data/assets/{id}/scene-asset-instances: the asset's instances by scene."""
        row = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        return self.grouped(ASSET_INSTANCES.table.c.asset_id == row["id"], key="scene_id")

    def shots_of_asset(self, actor, asset_id):
        """GET /data/assets/{id}/shot-asset-instances: the asset's instances by shot."""
        row = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        table, shots = ASSET_INSTANCES.table, ENTITIES.table
        query = (sa.select(table, shots.c.id.label("shot_id"))
                 .join(shots, shots.c.instance_casting.any(table.c.id))
                 .where(table.c.asset_id == row["id"]).order_by(table.c.number))
        return self.grouped(None, key="shot_id", rows=self.session.execute(query).mappings())

    def of_shot(self, actor, shot_id):
        """GET /data/shots/{id}/asset-instances: instances added to the shot, by asset."""
        row = self.check_entity(actor, self.entity(shot_id, ("Shot",)))
        return self.grouped(ASSET_INSTANCES.table.c.id.in_(row["instance_casting"] or []))

    # -- shots --------------------------------------------------------------------------------
    @answers("add_shot_asset_instance")
    def add_to_shot(self, actor, shot_id, body):
        """POST /data/shots/{id}/asset-instances {asset_instance_id}."""
        return self.shot_instance(actor, shot_id, body, added=True)

    @answers("remove_shot_asset_instance")
    def remove_from_shot(self, actor, shot_id, asset_instance_id):
        """DELETE /data/shots/{id}/asset-instances/{asset_instance_id}."""
        return self.shot_instance(actor, shot_id, asset_instance_id, added=False)

    @command
    def shot_instance(self, actor, shot_id, instance_id, added):
        """The shot's instance casting changed (`instance_id`: the body when added)."""
        shot = self.entity(shot_id, ("Shot",))
        self.check_project(actor, shot["project_id"], manager=True)
        if added:
            instance_id = required_id(instance_id, "asset_instance_id")
        instance = self.crud.row(ASSET_INSTANCES, instance_id)
        aggregate = self.app.repository.get(uuid.UUID(shot["id"]))
        aggregate.change_instance_casting(instance["id"], added, Actor(actor).id)
        row = {**shot, **(self.crud.save(ENTITIES, aggregate) or {})}
        return {**self.answer(row), "type": "Entity"} if added else None
