"""Production aggregates: each row of the breakdown is a Record whose events name what happened.

Entities publish under their kind (`asset:new`, `shot:update`…), as Zou does; entity types publish
as `asset-type:*`."""
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

    class Updated(Record.Updated):
        kind: str  # carried so that subscribers get `shot:update`, not a generic name

    class Deleted(Record.Deleted):
        kind: str

    def update(self, changes, actor_id=None):
        changes = {k: v for k, v in changes.items() if self.fields.get(k) != v}
        if changes:
            self.trigger_event(self.Updated, changes=changes, actor_id=actor_id,
                               project_id=self.project_id, kind=self.fields["kind"])
        return changes

    def delete(self, actor_id=None):
        self.trigger_event(self.Deleted, actor_id=actor_id, project_id=self.project_id,
                           kind=self.fields["kind"])

    @classmethod
    def publish(cls, event):
        kind = getattr(event, "kind", None) or event.fields["kind"]
        name = kind.lower()
        return [(f"{name}:{topic.split(':')[1]}", {f"{name}_id": str(event.originator_id)})
                for topic, _ in super().publish(event)]


class EntityLink(Record):
    public_name = "entity-link"


class AssetInstance(Record):
    public_name = "asset-instance"
