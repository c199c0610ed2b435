"""Casting reads: which assets appear in which shots, episodes or assets, per entity, sequence,
episode, asset type or asset, and the project's links listed for sync (three modes). The lists
are written by PostgreSQL (shared/sqljson.py)."""
import datetime
import math

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from shared import config
from shared.application import answers
from shared.crud import Actor
from shared.crud.store import integer, parse_id
from shared.errors import Forbidden, WrongParameter
from shared.permissions import block_vendors
from shared.sqlblocks import Lineage
from shared.sqljson import MICROSECONDS, iso, json_list, json_record, json_rows

from ..models.entities import ENTITIES, BreakdownPart, entity_pairs
from ..models.entity_links import ENTITY_LINKS
from ..models.entity_types import ENTITY_TYPES

LINKS, ASSET, TYPES = ENTITY_LINKS.table, ENTITIES.table.alias("asset"), ENTITY_TYPES.table
ENTRY = [("asset_id", LINKS.c.entity_out_id), ("asset_name", ASSET.c.name),
         ("asset_type_name", TYPES.c.name), ("preview_file_id", ASSET.c.preview_file_id),
         ("nb_occurences", LINKS.c.nb_occurences), ("label", LINKS.c.label),
         ("is_shared", ASSET.c.is_shared), ("project_id", ASSET.c.project_id)]
PER_ENTITY = ENTRY + [("ready_for", ASSET.c.ready_for), ("episode_id", ASSET.c.source_id)]
PER_SHOT = [("name", ASSET.c.name)] + ENTRY
ENTRY_ORDER = (TYPES.c.name, ASSET.c.name)
LINK_PAIRS = [("id", LINKS.c.id), ("entity_in_id", LINKS.c.entity_in_id),
              ("entity_out_id", LINKS.c.entity_out_id), ("nb_occurences", LINKS.c.nb_occurences),
              ("label", LINKS.c.label), ("data", LINKS.c.data),
              ("created_at", iso(LINKS.c.created_at, MICROSECONDS)), ("type", sa.literal("EntityLink"))]


def ms(value):
    return value.isoformat(timespec="microseconds") if value else None


def cast_links():
    """Links joined with their asset and its type, canceled assets left out."""
    return (sa.select(LINKS.c.id).join(ASSET, ASSET.c.id == LINKS.c.entity_out_id)
            .join(TYPES, TYPES.c.id == ASSET.c.entity_type_id).where(ASSET.c.canceled.is_not(True)))


class CastingViews(BreakdownPart):
    @answers("entity_casting")
    def entity_casting(self, actor, project_id, entity_id):
        """GET /data/projects/{pid}/entities/{id}/casting: the team but its vendors, about an
        entity of that project."""
        project = self.check_project(actor, project_id)
        block_vendors(Actor(actor), project)
        row = self.entity(entity_id)
        if row["project_id"] != project["id"]:
            raise Forbidden()
        return self.casting_of(row)

    @answers("asset_casting")
    def asset_casting(self, actor, asset_id):
        """GET /data/assets/{id}/casting: for whoever reads the asset (vendors: with a task on it)."""
        return self.casting_of(self.check_entity(actor, self.entity(asset_id, ("Asset",))))

    def casting_of(self, row):
        return json_list(self.session, cast_links().where(LINKS.c.entity_in_id == row["id"]),
                         PER_ENTITY, *ENTRY_ORDER)

    def grouped(self, actor, project_id, query, pairs):
        """{casting entity id: [cast assets…]} for the links `query` selects, read with the
        project row whose access is checked (one query, see BreakdownPart.checked_json)."""
        record = json_record(pairs)
        entries = (query.join(record, sa.true()).with_only_columns(
            LINKS.c.entity_in_id.label("key"),
            sa.func.json_agg(aggregate_order_by(record.table_valued(), *ENTRY_ORDER)).label("entries"))
            .group_by(LINKS.c.entity_in_id).subquery())
        answer = sa.select(sa.func.coalesce(sa.func.json_object_agg(entries.c.key, entries.c.entries),
                                            sa.text("'{}'::json")).cast(sa.Text))
        return self.checked_json(actor, project_id, answer)

    @answers("shots_casting")
    def shots_casting(self, actor, project_id, sequence_id=None, episode_id=None):
        """GET …/sequences/{id}/casting, …/sequences/all/casting and
        …/episodes/{id}/sequences/all/casting: shot id → cast assets (shots in a sequence)."""
        block_vendors(self.member(actor, project_id))
        if episode_id == "main":
            self.check_project(actor, project_id)
            return {}
        shot, sequence = ENTITIES.table.alias("shot"), ENTITIES.table.alias("sequence")  # no episode join: unused
        query = (cast_links().join(shot, shot.c.id == LINKS.c.entity_in_id)
                 .join(sequence, sequence.c.id == shot.c.parent_id)
                 .where(shot.c.kind == "Shot", shot.c.project_id == parse_id(project_id)))
        if sequence_id:
            query = query.where(shot.c.parent_id == parse_id(sequence_id))
        if episode_id:
            query = query.where(sequence.c.parent_id == parse_id(episode_id))
        return self.grouped(actor, project_id, query, PER_SHOT + [("sequence_name", sequence.c.name)])

    @answers("episodes_casting")
    def episodes_casting(self, actor, project_id):
        """GET …/episodes/casting: every casting entity of the project → its assets (not for the
        team's vendors)."""
        block_vendors(self.member(actor, project_id))
        return self.grouped(actor, project_id, cast_links().where(ASSET.c.project_id == parse_id(project_id)),
                            PER_SHOT)

    @answers("asset_type_casting")
    def asset_type_casting(self, actor, project_id, asset_type_id):
        """GET …/asset-types/{id}/casting: asset id → the assets cast in it (not for the team's
        vendors)."""
        block_vendors(self.member(actor, project_id))
        host = ENTITIES.table.alias("host")
        query = cast_links().join(host, host.c.id == LINKS.c.entity_in_id).where(
            host.c.entity_type_id == parse_id(asset_type_id), host.c.project_id == parse_id(project_id))
        return self.grouped(actor, project_id, query, PER_SHOT)

    @answers("asset_cast_in")
    def cast_in(self, actor, asset_id):
        """GET /data/assets/{id}/cast-in: the shots casting the asset."""
        self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        lineage = Lineage(ENTITIES.table, ENTITIES.table.alias("shot"))
        shot, sequence, episode = lineage.entity, lineage.parent, lineage.grandparent
        query = (sa.select(shot.c.id, shot.c.name, sequence.c.name.label("sequence_name"),
                           episode.c.id.label("episode_id"), episode.c.name.label("episode_name"),
                           shot.c.preview_file_id, LINKS.c.nb_occurences)
                 .select_from(LINKS.join(lineage.join(), shot.c.id == LINKS.c.entity_in_id))
                 .where(LINKS.c.entity_out_id == asset_id, shot.c.kind == "Shot",
                        shot.c.canceled.is_not(True))
                 .order_by(episode.c.name, sequence.c.name, shot.c.name))
        return [{"shot_id": r.id, "shot_name": r.name, "sequence_name": r.sequence_name,
                 "episode_id": r.episode_id, "episode_name": r.episode_name,
                 "preview_file_id": r.preview_file_id, "nb_occurences": r.nb_occurences}
                for r in self.session.execute(query)]

    @answers("shared_used_assets")
    def shared_used(self, actor, project_id, episode_id=None):
        """GET …/assets/shared-used (…/episodes/{id}/assets/shared-used): assets of other
        projects, shared, cast in this project's entities (in the episode or its shots)."""
        project = self.check_project(actor, project_id)
        lineage = Lineage(ENTITIES.table, ENTITIES.table.alias("host"))
        host, sequence = lineage.entity, lineage.parent
        hosts = sa.select(host.c.id).where(host.c.project_id == project["id"])
        if episode_id:
            episode_id = parse_id(episode_id)
            hosts = (hosts.select_from(lineage.join())
                     .where(sa.or_(host.c.id == episode_id, sequence.c.parent_id == episode_id)))
        asset = ENTITIES.table
        query = sa.select(asset).where(
            asset.c.kind == "Asset", asset.c.is_shared.is_(True), asset.c.project_id != project["id"],
            asset.c.id.in_(sa.select(LINKS.c.entity_out_id).where(LINKS.c.entity_in_id.in_(hosts))))
        return json_list(self.session, query, entity_pairs(asset), asset.c.name, asset.c.id)

    # -- sync listing -------------------------------------------------------------------------
    @answers("project_entity_links")
    def project_links(self, actor, project_id, query):
        """GET /data/projects/{id}/entity-links: managers of the team. `page` → paginated object;
        `cursor_created_at` → links created after the cursor; else a plain array (read with the
        project row, see BreakdownPart.checked_json)."""
        links, entity = ENTITY_LINKS.table, ENTITIES.table
        statement = (sa.select(links).join(entity, entity.c.id == links.c.entity_in_id)
                     .where(entity.c.project_id == parse_id(project_id)))
        limit = integer(query, "limit", 0, minimum=0) or config.NB_RECORDS_PER_PAGE
        page = integer(query, "page", 0)
        if page > 0 or query.get("cursor_created_at"):
            self.check_project(actor, project_id, manager=True)
        if page > 0:
            return self.page(statement, page, limit)
        if query.get("cursor_created_at"):
            return self.after_cursor(statement, query["cursor_created_at"], limit)
        if query.get("limit"):
            statement = sa.select(LINKS).where(LINKS.c.id.in_(
                statement.with_only_columns(LINKS.c.id).order_by(LINKS.c.created_at, LINKS.c.id).limit(limit)))
        return self.checked_json(actor, project_id, json_rows(statement, LINK_PAIRS, LINKS.c.created_at, LINKS.c.id),
                                 manager=True)

    def count(self, statement):
        return self.session.execute(sa.select(sa.func.count()).select_from(statement.subquery())).scalar()

    def page(self, statement, page, limit):
        links = ENTITY_LINKS.table
        total, offset = self.count(statement), (page - 1) * limit
        rows = self.session.execute(statement.order_by(links.c.created_at, links.c.id)
                                    .offset(offset).limit(limit)).mappings()
        return {"data": [ENTITY_LINKS.serialize(row) for row in rows], "total": total,
                "nb_pages": math.ceil(total / limit), "limit": limit, "offset": offset, "page": page}

    def after_cursor(self, statement, cursor, limit):
        links = ENTITY_LINKS.table
        try:
            after = datetime.datetime.fromisoformat(str(cursor).replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            raise WrongParameter("cursor_created_at must be an ISO datetime.")
        total = self.count(statement)
        rows = self.session.execute(statement.where(links.c.created_at > after)
                                    .order_by(links.c.created_at, links.c.updated_at, links.c.id)
                                    .limit(limit)).mappings()
        return {"data": [self.link_answer(row) for row in rows], "total": total, "limit": limit}

    @staticmethod
    def link_answer(row):
        return {"id": row["id"], "entity_in_id": row["entity_in_id"], "entity_out_id": row["entity_out_id"],
                "nb_occurences": row["nb_occurences"], "label": row["label"], "data": row["data"],
                "created_at": ms(row["created_at"]), "type": "EntityLink"}
