"""What the importer's playlist sheet reads of the breakdown: a playlist's entities by their full
names (the production's sheets of entities with their tasks are the tasks service's)."""
import sqlalchemy as sa

from shared.application import answers
from shared.crud.store import parse_id
from shared.sqlblocks import Lineage

from ..models.entities import ENTITIES, BreakdownPart
from ..models.entity_types import ENTITY_TYPES
from ..rules.entities import full_entity_name

LINEAGE = Lineage(ENTITIES.table)
ENTITY, TYPES = LINEAGE.entity, ENTITY_TYPES.table


class SheetViews(BreakdownPart):
    @answers("playlist_entities")
    def playlist_entities(self, actor, project_id, episode_id, entity_ids):
        """{project_name, episode_name, entities: {id: {full_name, nb_frames}}}: the known ones of
        `entity_ids` in the project, for a member of its team."""
        project = self.check_project(actor, project_id)
        episode_id = parse_id(episode_id) if episode_id else None
        ids = {parse_id(entity_id) for entity_id in entity_ids or []} | ({episode_id} if episode_id else set())
        rows = self.session.execute(
            sa.select(ENTITY.c.id, ENTITY.c.kind, ENTITY.c.name, ENTITY.c.nb_frames,
                      LINEAGE.parent.c.name.label("parent_name"), LINEAGE.grandparent.c.name.label("grandparent_name"),
                      TYPES.c.name.label("type_name"))
            .select_from(LINEAGE.join().outerjoin(TYPES, TYPES.c.id == ENTITY.c.entity_type_id))
            .where(ENTITY.c.id.in_(ids), ENTITY.c.project_id == project["id"])).mappings() if ids else []
        entities = {row["id"]: {"full_name": full_entity_name(row["kind"], row["name"], row["parent_name"],
                                                              row["grandparent_name"], row["type_name"]),
                                "nb_frames": row["nb_frames"]} for row in rows}
        return {"project_name": project["name"], "entities": entities,
                "episode_name": (entities.get(episode_id) or {}).get("full_name")}
