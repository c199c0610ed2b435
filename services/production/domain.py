"""Production aggregates: each row of the breakdown is a Record whose events name what happened.

Entities publish under their kind (`asset:new`, `shot:update`…), as Zou does; entity types publish
as `asset-type:*`."""
import uuid

from shared.eventstore import Record

ENTITY_KINDS = ("Asset", "Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")


class Project(Record):
    public_name = "project"


class ProjectStatus(Record):
    public_name = "project-status"


class EntityType(Record):
    public_name = "asset-type"


class Entity(Record):
    """An asset, shot, sequence, episode, scene, edit or concept (`kind` in its fields)."""
    public_name = "entity"

    class Created(Record.Created):
        episode_id: str | None = None  # a new shot's episode (its sequence's parent), for `shot:new`

    class Updated(Record.Updated):
        kind: str  # carried so that subscribers get `shot:update`, not a generic name

    class Deleted(Record.Deleted):
        kind: str

    @classmethod
    def create(cls, fields, actor_id=None, id=None, episode_id=None):
        return cls._create(cls.Created, id=uuid.UUID(str(id)) if id else uuid.uuid4(),
                           fields=fields, actor_id=actor_id, episode_id=episode_id)

    def change_event(self, changes):
        return self.Updated, {"kind": self.fields["kind"]}

    def delete_event(self):
        return self.Deleted, {"kind": self.fields["kind"]}

    class CastingChanged(Record.Updated):
        """The entity's casting was replaced (links are their own records; this is the summary)."""
        kind: str
        nb_entities_out: int
        added_asset_ids: list
        removed_asset_ids: list

    class InstanceCastingChanged(Record.Updated):
        """An asset instance was added to (or removed from) the shot: changes = {instance_casting}."""
        kind: str
        asset_instance_id: str
        added: bool

    def change_casting(self, nb_entities_out, added, removed, actor_id=None):
        self.trigger_event(self.CastingChanged, changes={}, actor_id=actor_id,
                           project_id=self.project_id, kind=self.fields["kind"],
                           nb_entities_out=nb_entities_out, added_asset_ids=added,
                           removed_asset_ids=removed)

    def change_instance_casting(self, asset_instance_id, added, actor_id=None):
        current = list(self.fields.get("instance_casting") or [])
        if (asset_instance_id in current) == added:
            return
        instances = current + [asset_instance_id] if added else [i for i in current if i != asset_instance_id]
        self.trigger_event(self.InstanceCastingChanged, changes={"instance_casting": instances},
                           actor_id=actor_id, project_id=self.project_id, kind=self.fields["kind"],
                           asset_instance_id=asset_instance_id, added=added)

    @classmethod
    def publish(cls, event):
        kind = getattr(event, "kind", None) or event.fields["kind"]
        name, entity_id = kind.lower(), str(event.originator_id)
        if isinstance(event, cls.CastingChanged):
            payload = {f"{name}_id": entity_id}
            if kind in ("Shot", "Asset"):
                payload.update(nb_entities_out=event.nb_entities_out,
                               added_asset_ids=event.added_asset_ids,
                               removed_asset_ids=event.removed_asset_ids)
            return [(f"{name}:casting-update", payload)]
        if isinstance(event, cls.InstanceCastingChanged):
            action = "add-to-shot" if event.added else "remove-from-shot"
            return [(f"asset_instance:{action}",
                     {"asset_instance_id": event.asset_instance_id, "shot_id": entity_id})]
        published = [(f"{name}:{topic.split(':')[1]}", {f"{name}_id": entity_id})
                     for topic, _ in super().publish(event)]
        if isinstance(event, cls.Created):  # Zou's creation payloads name the containers too
            fields = event.fields
            extra = {"Asset": {"asset_type": fields.get("entity_type_id")},
                     "Shot": {"episode_id": getattr(event, "episode_id", None)},
                     "Edit": {"parent_id": fields.get("parent_id")}}.get(kind, {})
            published = [(topic, {**payload, **extra}) for topic, payload in published]
        return published


class EntityLink(Record):
    public_name = "entity-link"

    @classmethod
    def publish(cls, event):
        published = super().publish(event)
        if isinstance(event, cls.Created):
            fields = event.fields
            extra = {key: fields.get(key) for key in ("entity_in_id", "entity_out_id", "nb_occurences")}
            published = [(topic, {**payload, **extra}) for topic, payload in published]
        return published


class AssetInstance(Record):
    """Created by the scene/asset routes: Zou names those `asset_instance:new` (underscore) with the
    container in the payload; the generic CRUD keeps `asset-instance:*`."""
    public_name = "asset-instance"

    @classmethod
    def publish(cls, event):
        published = super().publish(event)
        if not isinstance(event, cls.Created):
            return published
        fields, instance_id = event.fields, str(event.originator_id)
        if fields.get("scene_id"):
            return [("asset_instance:new", {"asset_instance_id": instance_id,
                                            "asset_id": fields["asset_id"], "scene_id": fields["scene_id"]})]
        if fields.get("target_asset_id"):
            return [("asset_instance:new", {"asset_instance_id": instance_id,
                                            "asset_id": fields["target_asset_id"],
                                            "asset_instantiated": fields["asset_id"]})]
        return published


# -- project settings and planning (projects area) ---------------------------------------------
class MetadataDescriptor(Record):
    public_name = "metadata-descriptor"


class Milestone(Record):
    public_name = "milestone"


class ScheduleItem(Record):
    public_name = "schedule-item"


class ProjectTemplate(Record):
    public_name = "project-template"


class Budget(Record):
    """Zou names budget events `budget:create|update|delete`."""
    public_name = "budget"

    @classmethod
    def publish(cls, event):
        return [(name.replace(":new", ":create"), data) for name, data in super().publish(event)]


class BudgetEntry(Record):
    """Events carry the entry's budget: `budget-entry:create` {budget_id, budget_entry_id}."""
    public_name = "budget-entry"

    class Updated(Record.Updated):
        budget_id: str

    class Deleted(Record.Deleted):
        budget_id: str

    def change_event(self, changes):
        return self.Updated, {"budget_id": self.fields["budget_id"]}

    def delete_event(self):
        return self.Deleted, {"budget_id": self.fields["budget_id"]}

    @classmethod
    def publish(cls, event):
        budget_id = getattr(event, "budget_id", None) or event.fields["budget_id"]
        return [(name.replace(":new", ":create"), {"budget_id": budget_id, **data})
                for name, data in super().publish(event)]


class SalaryScale(Record):
    public_name = "salary-scale"


class ProductionScheduleVersion(Record):
    public_name = "production-schedule-version"


class ProductionScheduleVersionTaskLink(Record):
    public_name = "production-schedule-version-task-link"


# -- studio settings kept with the productions ---------------------------------------------------
class CustomAction(Record):
    public_name = "custom-action"


class Plugin(Record):
    public_name = "plugin"
