"""Asset instances: an asset placed in a scene or inside another asset (numbered per container),
and added to shots; plus the scene ↔ shot link (a shot's `source_id` is its scene)."""
import re
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.errors import ValidationError
from shared.eventstore import command

from .breakdown import Breakdown
from .collections import ASSET_INSTANCES, ENTITIES, ENTITY_TYPES, PROJECTS
from .domain import AssetInstance


def slug(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") if name else ""


def required_id(body, key):
    if not isinstance(body, dict) or body.get(key) in (None, ""):
        raise ValidationError([{"field": key, "message": "Field required"}])
    try:
        return str(uuid.UUID(str(body[key])))
    except ValueError:
        raise ValidationError([{"field": key, "message": "Input should be a valid UUID"}])


class Instances(Breakdown):
    # -- creation -----------------------------------------------------------------------------
    @command
    def add_to_asset(self, actor, asset_id, body):
        """POST /data/assets/{id}/asset-asset-instances {asset_to_instantiate_id, description?}."""
        target = self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        instantiated = self.entity(required_id(body, "asset_to_instantiate_id"), ("Asset",))
        return self.create(actor, instantiated, body, target_asset_id=target["id"])

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
            "asset_id": asset["id"], "number": last + 1, "name": f"{slug(asset['name'])}_{last + 1:04d}",
            "description": body.get("description"), **container})
        row = self.crud.save(ASSET_INSTANCES, AssetInstance.create(fields, Actor(actor).id))
        return ASSET_INSTANCES.serialize(row)

    # -- reads --------------------------------------------------------------------------------
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
    @command
    def shot_instance(self, actor, shot_id, instance_id, added):
        """POST /data/shots/{id}/asset-instances {asset_instance_id} (instance_id = the body) and
        DELETE …/asset-instances/{instance_id}."""
        shot = self.entity(shot_id, ("Shot",))
        self.check_project(actor, shot["project_id"], manager=True)
        if added:
            instance_id = required_id(instance_id, "asset_instance_id")
        instance = self.crud.row(ASSET_INSTANCES, instance_id)
        aggregate = self.app.repository.get(uuid.UUID(shot["id"]))
        aggregate.change_instance_casting(instance["id"], added, Actor(actor).id)
        row = {**shot, **(self.crud.save(ENTITIES, aggregate) or {})}
        return {**self.answer(row), "type": "Entity"} if added else None

    @command
    def scene_shot(self, actor, scene_id, shot_id, added):
        """POST /data/scenes/{id}/shots {shot_id} (shot_id = the body) sets the shot's scene;
        DELETE …/shots/{shot_id} clears it."""
        scene = self.entity(scene_id, ("Scene",))
        self.check_project(actor, scene["project_id"], manager=True)
        if added:
            shot_id = required_id(shot_id, "shot_id")
        shot = self.entity(shot_id, ("Shot",))
        if not added and shot["source_id"] != scene["id"]:
            return None
        aggregate = self.app.repository.get(uuid.UUID(shot["id"]))
        aggregate.update({"source_id": scene["id"] if added else None}, Actor(actor).id)
        row = {**shot, **(self.crud.save(ENTITIES, aggregate) or {})}
        return {**self.answer(row), "type": "Entity"} if added else None

    def scene_shots(self, actor, scene_id):
        """GET /data/scenes/{id}/shots."""
        row = self.check_entity(actor, self.entity(scene_id, ("Scene",)))
        shot, sequence = ENTITIES.table, ENTITIES.table.alias("sequence")
        query = (sa.select(shot, PROJECTS.table.c.name.label("project_name"),
                           sequence.c.name.label("sequence_name"))
                 .join(PROJECTS.table, PROJECTS.table.c.id == shot.c.project_id)
                 .outerjoin(sequence, sequence.c.id == shot.c.parent_id)
                 .where(shot.c.source_id == row["id"], shot.c.kind == "Shot").order_by(shot.c.name))
        return [{**self.answer(r), "project_name": r["project_name"], "sequence_name": r["sequence_name"]}
                for r in self.session.execute(query).mappings()]

