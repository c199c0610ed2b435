"""The scene ↔ shot link: a shot's `source_id` is its scene."""
import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor
from shared.eventstore import command
from shared.sqlblocks import Lineage

from ..models.entities import ENTITIES, BreakdownPart
from ..models.projects import PROJECTS
from ..rules.requests import required_id


class SceneShots(BreakdownPart):
    @answers("add_shot_to_scene")
    def add(self, actor, scene_id, body):
        """POST /data/scenes/{id}/shots {shot_id}: sets the shot's scene."""
        return self.scene_shot(actor, scene_id, body, added=True)

    @answers("remove_shot_from_scene")
    def remove(self, actor, scene_id, shot_id):
        """DELETE /data/scenes/{id}/shots/{shot_id}: clears it."""
        return self.scene_shot(actor, scene_id, shot_id, added=False)

    @command
    def scene_shot(self, actor, scene_id, shot_id, added):
        """`shot_id`: the body when added."""
        scene = self.entity(scene_id, ("Scene",))
        self.check_project(actor, scene["project_id"], manager=True)
        if added:
            shot_id = required_id(shot_id, "shot_id")
        shot = self.entity(shot_id, ("Shot",))
        if not added and shot["source_id"] != scene["id"]:
            return None
        row = {**shot, **(self.change(shot["id"], {"source_id": scene["id"] if added else None},
                                      Actor(actor).id) or {})}
        return {**self.answer(row), "type": "Entity"} if added else None

    @answers("scene_shots")
    def shots(self, actor, scene_id):
        """GET /data/scenes/{id}/shots."""
        row = self.check_entity(actor, self.entity(scene_id, ("Scene",)))
        lineage = Lineage(ENTITIES.table)
        shot, sequence, projects = lineage.entity, lineage.parent, PROJECTS.table
        query = (sa.select(shot, projects.c.name.label("project_name"), sequence.c.name.label("sequence_name"))
                 .select_from(lineage.join().join(projects, projects.c.id == shot.c.project_id))
                 .where(shot.c.source_id == row["id"], shot.c.kind == "Shot").order_by(shot.c.name))
        return [{**self.answer(r), "project_name": r["project_name"], "sequence_name": r["sequence_name"]}
                for r in self.session.execute(query).mappings()]
