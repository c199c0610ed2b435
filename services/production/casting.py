"""Casting: which assets appear in which shots, episodes or assets (entity links), read per shot,
sequence, episode, asset type or asset, replaced per entity, and listed for sync (three modes).

A link is its own record (`entity-link:new|update|delete`); replacing an entity's casting also
emits `<kind>:casting-update` on the entity, and casting an asset in a shot of an episode links
the asset to the episode too (Zou's automatic episode casting, data {"auto": true})."""
import datetime
import math
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from shared import config
from shared.crud import Actor
from shared.crud.store import integer, parse_id
from shared.errors import ApiError, Forbidden, NotFound, WrongParameter
from shared.eventstore import command
from shared.permissions import block_vendors
from shared.sqljson import MICROSECONDS, iso, json_list, json_record, json_rows

from .breakdown import Breakdown, entity_pairs
from .collections import ENTITIES, ENTITY_LINKS, ENTITY_TYPES
from .domain import EntityLink


def ms(value):
    return value.isoformat(timespec="microseconds") if value else None


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


# Castings of a project share rows: an asset's row lists the shots casting it, an episode's
# row the assets its shots cast. At READ COMMITTED, two castings that append to the same row
# wait for each other's row lock and append to its latest version (no serialization failure, no
# project-wide queue); the same shot cast twice at once still conflicts on the shot's events,
# and the same episode link created twice on its unique key: the loser runs again.
casting_write = command(isolation="READ COMMITTED")


def cast_links():
    """Links joined with their asset and its type, canceled assets left out."""
    return (sa.select(LINKS.c.id).join(ASSET, ASSET.c.id == LINKS.c.entity_out_id)
            .join(TYPES, TYPES.c.id == ASSET.c.entity_type_id).where(ASSET.c.canceled.is_not(True)))


class Casting(Breakdown):
    # -- reads (answers written by PostgreSQL, see shared/sqljson.py) -----------------------
    def entity_casting(self, actor, project_id, entity_id):
        """GET /data/projects/{pid}/entities/{id}/casting: the team but its vendors, about an
        entity of that project."""
        project = self.check_project(actor, project_id)
        block_vendors(Actor(actor), project)
        row = self.entity(entity_id)
        if row["project_id"] != project["id"]:
            raise Forbidden()
        return self.casting_of(row)

    def casting_of(self, row):
        return json_list(self.session, cast_links().where(LINKS.c.entity_in_id == row["id"]),
                         PER_ENTITY, *ENTRY_ORDER)

    def grouped(self, actor, project_id, query, pairs):
        """{casting entity id: [cast assets…]} for the links `query` selects, read with the
        project row whose access is checked (one query, see Breakdown.checked_json)."""
        record = json_record(pairs)
        entries = (query.join(record, sa.true()).with_only_columns(
            LINKS.c.entity_in_id.label("key"),
            sa.func.json_agg(aggregate_order_by(record.table_valued(), *ENTRY_ORDER)).label("entries"))
            .group_by(LINKS.c.entity_in_id).subquery())
        answer = sa.select(sa.func.coalesce(sa.func.json_object_agg(entries.c.key, entries.c.entries),
                                            sa.text("'{}'::json")).cast(sa.Text))
        return self.checked_json(actor, project_id, answer)

    def shots_casting(self, actor, project_id, sequence_id=None, episode_id=None):
        """GET …/sequences/{id}/casting, …/sequences/all/casting and
        …/episodes/{id}/sequences/all/casting: shot id → cast assets."""
        block_vendors(self.member(actor, project_id))
        if episode_id == "main":
            self.check_project(actor, project_id)
            return {}
        shot, sequence = ENTITIES.table.alias("shot"), ENTITIES.table.alias("sequence")
        query = (cast_links().join(shot, shot.c.id == LINKS.c.entity_in_id)
                 .join(sequence, sequence.c.id == shot.c.parent_id)
                 .where(shot.c.kind == "Shot", shot.c.project_id == parse_id(project_id)))
        if sequence_id:
            query = query.where(shot.c.parent_id == parse_id(sequence_id))
        if episode_id:
            query = query.where(sequence.c.parent_id == parse_id(episode_id))
        return self.grouped(actor, project_id, query, PER_SHOT + [("sequence_name", sequence.c.name)])

    def episodes_casting(self, actor, project_id):
        """GET …/episodes/casting: every casting entity of the project → its assets (not for the
        team's vendors)."""
        block_vendors(self.member(actor, project_id))
        return self.grouped(actor, project_id, cast_links().where(ASSET.c.project_id == parse_id(project_id)),
                            PER_SHOT)

    def asset_type_casting(self, actor, project_id, asset_type_id):
        """GET …/asset-types/{id}/casting: asset id → the assets cast in it (not for the team's
        vendors)."""
        block_vendors(self.member(actor, project_id))
        host = ENTITIES.table.alias("host")
        query = cast_links().join(host, host.c.id == LINKS.c.entity_in_id).where(
            host.c.entity_type_id == parse_id(asset_type_id), host.c.project_id == parse_id(project_id))
        return self.grouped(actor, project_id, query, PER_SHOT)

    def cast_in(self, actor, asset_id):
        """GET /data/assets/{id}/cast-in: the shots casting the asset."""
        self.check_entity(actor, self.entity(asset_id, ("Asset",)))
        links, shot = ENTITY_LINKS.table, ENTITIES.table.alias("shot")
        sequence, episode = ENTITIES.table.alias("sequence"), ENTITIES.table.alias("episode")
        query = (sa.select(shot.c.id, shot.c.name, sequence.c.name.label("sequence_name"),
                           episode.c.id.label("episode_id"), episode.c.name.label("episode_name"),
                           shot.c.preview_file_id, links.c.nb_occurences)
                 .join(shot, shot.c.id == links.c.entity_in_id)
                 .outerjoin(sequence, sequence.c.id == shot.c.parent_id)
                 .outerjoin(episode, episode.c.id == sequence.c.parent_id)
                 .where(links.c.entity_out_id == asset_id, shot.c.kind == "Shot",
                        shot.c.canceled.is_not(True))
                 .order_by(episode.c.name, sequence.c.name, shot.c.name))
        return [{"shot_id": r.id, "shot_name": r.name, "sequence_name": r.sequence_name,
                 "episode_id": r.episode_id, "episode_name": r.episode_name,
                 "preview_file_id": r.preview_file_id, "nb_occurences": r.nb_occurences}
                for r in self.session.execute(query)]

    def shared_used(self, actor, project_id, episode_id=None):
        """GET …/assets/shared-used (…/episodes/{id}/assets/shared-used): assets of other
        projects, shared, cast in this project's entities (in the episode or its shots)."""
        project = self.check_project(actor, project_id)
        host, sequence = ENTITIES.table.alias("host"), ENTITIES.table.alias("sequence")
        hosts = sa.select(host.c.id).where(host.c.project_id == project["id"])
        if episode_id:
            episode_id = parse_id(episode_id)
            hosts = (hosts.outerjoin(sequence, sequence.c.id == host.c.parent_id)
                     .where(sa.or_(host.c.id == episode_id, sequence.c.parent_id == episode_id)))
        asset = ENTITIES.table
        query = sa.select(asset).where(
            asset.c.kind == "Asset", asset.c.is_shared.is_(True), asset.c.project_id != project["id"],
            asset.c.id.in_(sa.select(LINKS.c.entity_out_id).where(LINKS.c.entity_in_id.in_(hosts))))
        return json_list(self.session, query, entity_pairs(asset), asset.c.name, asset.c.id)

    # -- writes -------------------------------------------------------------------------------
    @casting_write
    def update_casting(self, actor, project_id, entity_id, body):
        """PUT /data/projects/{pid}/entities/{id}/casting: the body (a JSON array of
        {asset_id, nb_occurences=1, label=""}) becomes the entity's casting; answered as sent."""
        self.check_project(actor, project_id, manager=True)
        if not self.is_casting(body):
            raise ApiError({"error": True, "message": "Request body must be a JSON array"})
        self.replace(actor, self.entity(entity_id), self.wanted(body))
        return body

    @casting_write
    def update_castings(self, actor, project_id, body):
        """PUT /data/projects/{pid}/entities/casting {entity id: casting array, …}."""
        self.check_project(actor, project_id, manager=True)
        if not isinstance(body, dict) or not all(self.is_casting(casting) for casting in body.values()):
            raise ApiError({"error": True, "message": "Request body must be a JSON object mapping "
                                                      "entity ids to casting arrays"})
        for entity_id, casting in body.items():
            self.replace(actor, self.entity(entity_id), self.wanted(casting))
        return body

    def asset_casting(self, actor, asset_id, body=None, update=False):
        """GET and PUT /data/assets/{id}/casting: the casting of an asset, for whoever reads the
        asset (vendors: with a task on it)."""
        asset = self.entity(asset_id, ("Asset",))
        if update:
            return self.update_casting(actor, asset["project_id"], asset["id"], body)
        return self.casting_of(self.check_entity(actor, asset))

    @staticmethod
    def is_casting(body):
        return isinstance(body, list) and all(isinstance(item, dict) for item in body)

    def wanted(self, casting):
        """{asset id: (nb_occurences, label)} of a casting array."""
        return {parse_id(item.get("asset_id")): (self.occurences(item.get("nb_occurences", 1)),
                                                 str(item.get("label") or "")) for item in casting}

    @casting_write
    def delete_link(self, actor, project_id, link_id):
        """DELETE /data/projects/{pid}/entity-links/{id}: a link of the project (managers)."""
        project = self.check_project(actor, project_id, manager=True)
        link = self.crud.row(ENTITY_LINKS, link_id)
        if self.entity(link["entity_in_id"])["project_id"] != project["id"]:
            raise NotFound()
        self.crud.save(ENTITY_LINKS, self.unlink(link["id"], Actor(actor).id))

    @staticmethod
    def occurences(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise WrongParameter("nb_occurences must be an integer.")

    def replace(self, actor, entity, wanted):
        actor_id = Actor(actor).id
        current = self.links_of(entity["id"])
        assets = self.existing_assets(list(wanted))
        wanted = {asset_id: cast for asset_id, cast in wanted.items() if asset_id in assets}
        removed = [asset_id for asset_id in current if asset_id not in wanted]
        added = [asset_id for asset_id in wanted if asset_id not in current]
        records = [self.unlink(current[asset_id]["id"], actor_id) for asset_id in removed]
        records += [self.link(entity["id"], asset_id, nb, label, actor_id, current.get(asset_id))
                    for asset_id, (nb, label) in wanted.items()]
        # assets' rows in one order for every casting: concurrent ones can't deadlock on them
        records = sorted(filter(None, records), key=lambda record: record.fields["entity_out_id"])
        aggregate = self.app.repository.get(uuid.UUID(entity["id"]))
        aggregate.update_casting(len(wanted), added, removed, actor_id)
        self.crud.save_many([(ENTITY_LINKS, record) for record in records] + [(ENTITIES, aggregate)])
        episode_id = self.episode_of(entity)
        if episode_id and added:
            # castings that link assets to the same episode take turns from here: a link seen
            # missing is not being added by another one (which would deadlock on the unique key).
            # Taken last, the turn lasts for the episode's links and the commit only; the asset
            # rows these links change are already this casting's (no lock taken in another order).
            self.session.execute(sa.select(ENTITIES.table.c.id).where(
                ENTITIES.table.c.id == episode_id).with_for_update())
            linked = self.linked_assets(episode_id, added)
            self.crud.save_many([(ENTITY_LINKS, self.link(episode_id, asset_id, 1, wanted[asset_id][1],
                                                          actor_id, None, {"auto": True}))
                                 for asset_id in sorted(added) if asset_id not in linked])

    def links_of(self, entity_id):
        links = ENTITY_LINKS.table
        rows = self.session.execute(sa.select(links).where(links.c.entity_in_id == entity_id)).mappings()
        return {row["entity_out_id"]: dict(row) for row in rows}

    def linked_assets(self, entity_id, asset_ids):
        """Which of `asset_ids` the entity already casts (an episode casts hundreds)."""
        links = ENTITY_LINKS.table
        return set(self.session.execute(sa.select(links.c.entity_out_id).where(
            links.c.entity_in_id == entity_id, links.c.entity_out_id.in_(asset_ids))).scalars())

    def existing_assets(self, ids):
        table = ENTITIES.table
        return set(self.session.execute(sa.select(table.c.id).where(table.c.id.in_(ids))).scalars())

    def episode_of(self, entity):
        if entity["kind"] != "Shot" or not entity["parent_id"]:
            return None
        sequence = self.entity(entity["parent_id"])
        return sequence["parent_id"]

    def link(self, entity_in_id, asset_id, nb, label, actor_id, existing=None, data=None):
        """The new or changed link record (None when unchanged), not saved yet."""
        if existing is None:
            fields = ENTITY_LINKS.with_defaults({"entity_in_id": entity_in_id, "entity_out_id": asset_id,
                                                 "nb_occurences": nb, "label": label, "data": data})
            return EntityLink.create(fields, actor_id)
        if (existing["nb_occurences"], existing["label"]) == (nb, label):
            return None
        record = self.app.repository.get(uuid.UUID(existing["id"]))
        record.update({"nb_occurences": nb, "label": label}, actor_id)
        return record

    def unlink(self, link_id, actor_id):
        record = self.app.repository.get(uuid.UUID(link_id))
        record.delete(actor_id)
        return record

    @casting_write
    def cast_asset(self, actor, project_id, asset_id, body):
        """PUT /data/projects/{pid}/entities/casting/assets/{asset_id}: cast (or, with
        nb_occurences 0, uncast) one asset in several entities; answers each one's casting."""
        self.check_project(actor, project_id, manager=True)
        asset = self.entity(asset_id, ("Asset",))
        if not isinstance(body, dict) or not isinstance(body.get("entity_ids"), list):
            raise WrongParameter("entity_ids must be a list of entity ids.")
        nb, label = self.occurences(body.get("nb_occurences", 1)), str(body.get("label") or "")
        answer = {}
        for entity_id in body["entity_ids"]:
            entity = self.entity(entity_id)
            casting = {key: (link["nb_occurences"], link["label"])
                       for key, link in self.links_of(entity["id"]).items()}
            if nb > 0:
                casting[asset["id"]] = (nb, label)
            else:
                casting.pop(asset["id"], None)
            self.replace(actor, entity, casting)
            answer[entity["id"]] = self.entity_casting(actor, project_id, entity["id"])
        return answer

    # -- sync listing -------------------------------------------------------------------------
    def project_links(self, actor, project_id, query):
        """GET /data/projects/{id}/entity-links: managers of the team. `page` → paginated object;
        `cursor_created_at` → links created after the cursor; else a plain array (read with the
        project row, see Breakdown.checked_json)."""
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
