"""Casting changes: an entity's casting replaced, an asset cast in several entities, a link
removed. Links are their own records (`entity-link:new|update|delete`); replacing a casting is
also the entity's CastingChanged event (`<kind>:casting-update`), and casting an asset in a shot
of an episode links the asset to the episode too (Zou's automatic episode casting, data
{"auto": true})."""
import uuid

import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError, NotFound, WrongParameter
from shared.eventstore import command

from ..domain import EntityLink
from ..models.entities import ENTITIES, BreakdownPart
from ..models.entity_links import ENTITY_LINKS
from ..rules import casting as rules
from ..views.casting import CastingViews

# Castings of a project share rows: an asset's row lists the shots casting it, an episode's
# row the assets its shots cast. At READ COMMITTED, two castings that append to the same row
# wait for each other's row lock and append to its latest version (no serialization failure, no
# project-wide queue); the same shot cast twice at once still conflicts on the shot's events,
# and the same episode link created twice on its unique key: the loser runs again.
casting_write = command(isolation="READ COMMITTED")


class CastingChanges(BreakdownPart):
    @answers("update_entity_casting")
    @casting_write
    def update_casting(self, actor, project_id, entity_id, body):
        """PUT /data/projects/{pid}/entities/{id}/casting: the body (a JSON array of
        {asset_id, nb_occurences=1, label=""}) becomes the entity's casting; answered as sent."""
        self.check_project(actor, project_id, manager=True)
        if not rules.is_casting(body):
            raise ApiError({"error": True, "message": "Request body must be a JSON array"})
        self.replace(actor, self.entity(entity_id), rules.wanted(body))
        return body

    @answers("update_entity_castings")
    @casting_write
    def update_castings(self, actor, project_id, body):
        """PUT /data/projects/{pid}/entities/casting {entity id: casting array, …}."""
        self.check_project(actor, project_id, manager=True)
        if not isinstance(body, dict) or not all(rules.is_casting(casting) for casting in body.values()):
            raise ApiError({"error": True, "message": "Request body must be a JSON object mapping "
                                                      "entity ids to casting arrays"})
        entities = self.entities(list(body))
        self.replace_many(actor, [(entities[parse_id(entity_id)], rules.wanted(casting))
                                  for entity_id, casting in body.items()])
        return body

    @answers("update_asset_casting")
    def update_asset_casting(self, actor, asset_id, body):
        """PUT /data/assets/{id}/casting: the casting of an asset, replaced."""
        asset = self.entity(asset_id, ("Asset",))
        return self.update_casting(actor, asset["project_id"], asset["id"], body)

    @answers("delete_project_entity_link")
    @casting_write
    def delete_link(self, actor, project_id, entity_link_id):
        """DELETE /data/projects/{pid}/entity-links/{id}: a link of the project (managers)."""
        project = self.check_project(actor, project_id, manager=True)
        link = self.crud.row(ENTITY_LINKS, entity_link_id)
        if self.entity(link["entity_in_id"])["project_id"] != project["id"]:
            raise NotFound()
        self.crud.save(ENTITY_LINKS, self.unlink(link["id"], Actor(actor).id))

    def replace(self, actor, entity, wanted):
        self.replace_many(actor, [(entity, wanted)])

    def replace_many(self, actor, castings):
        """Each (entity row, wanted casting) made the entity's casting, in one write: the links,
        assets and episodes of every entity read at once (an import casts a page of shots)."""
        actor_id = Actor(actor).id
        entities = [entity for entity, _ in castings]
        current = self.links_of([entity["id"] for entity in entities])
        existing = self.existing_assets([asset_id for _, wanted in castings for asset_id in wanted])
        episodes = self.episodes_of(entities)
        records, aggregates, episode_links = [], [], {}
        for entity, wanted in castings:
            links = current.get(entity["id"], {})
            wanted, added, removed = rules.casting_diff(links, wanted, existing)
            records += [self.unlink(links[asset_id]["id"], actor_id) for asset_id in removed]
            records += [self.link(entity["id"], asset_id, nb, label, actor_id, links.get(asset_id))
                        for asset_id, (nb, label) in wanted.items()]
            aggregate = self.app.repository.get(uuid.UUID(entity["id"]))
            aggregate.change_casting(len(wanted), added, removed, actor_id)
            aggregates.append(aggregate)
            if episodes.get(entity["id"]) and added:
                episode_links.setdefault(episodes[entity["id"]], {}).update(
                    {asset_id: wanted[asset_id][1] for asset_id in added})
        # rows in one order for every casting (assets, then entities): concurrent ones can't
        # deadlock on them
        records = sorted(filter(None, records), key=lambda record: record.fields["entity_out_id"])
        aggregates.sort(key=lambda aggregate: aggregate.id)
        self.crud.save_many([(ENTITY_LINKS, record) for record in records]
                            + [(ENTITIES, aggregate) for aggregate in aggregates])
        for episode_id, labels in sorted(episode_links.items()):
            # castings that link assets to the same episode take turns from here: a link seen
            # missing is not being added by another one (which would deadlock on the unique key).
            # Taken last, the turn lasts for the episode's links and the commit only; the asset
            # rows these links change are already this casting's (no lock taken in another order).
            self.session.execute(sa.select(ENTITIES.table.c.id).where(
                ENTITIES.table.c.id == episode_id).with_for_update())
            linked = self.linked_assets(episode_id, list(labels))
            self.crud.save_many([(ENTITY_LINKS, self.link(episode_id, asset_id, 1, labels[asset_id],
                                                          actor_id, None, {"auto": True}))
                                 for asset_id in sorted(labels) if asset_id not in linked])

    def links_of(self, entity_ids):
        """{entity id: {asset id: link row}} of the entities' castings."""
        links, found = ENTITY_LINKS.table, {}
        rows = self.session.execute(sa.select(links).where(links.c.entity_in_id.in_(entity_ids))).mappings()
        for row in rows:
            found.setdefault(row["entity_in_id"], {})[row["entity_out_id"]] = dict(row)
        return found

    def linked_assets(self, entity_id, asset_ids):
        """Which of `asset_ids` the entity already casts (an episode casts hundreds)."""
        links = ENTITY_LINKS.table
        return set(self.session.execute(sa.select(links.c.entity_out_id).where(
            links.c.entity_in_id == entity_id, links.c.entity_out_id.in_(asset_ids))).scalars())

    def existing_assets(self, ids):
        table = ENTITIES.table
        return set(self.session.execute(sa.select(table.c.id).where(table.c.id.in_(ids))).scalars())

    def episodes_of(self, entities):
        """{shot id: its episode's id} of the shots among `entities` whose sequence has one."""
        table = ENTITIES.table
        parents = {entity["parent_id"] for entity in entities if entity["kind"] == "Shot" and entity["parent_id"]}
        episode_of_sequence = dict(self.session.execute(sa.select(table.c.id, table.c.parent_id).where(
            table.c.id.in_(parents), table.c.parent_id.isnot(None))).all()) if parents else {}
        return {entity["id"]: episode_of_sequence[entity["parent_id"]] for entity in entities
                if entity["kind"] == "Shot" and entity["parent_id"] in episode_of_sequence}

    def link(self, entity_in_id, asset_id, nb, label, actor_id, existing=None, data=None):
        """The new or changed link record (None when unchanged), not saved yet."""
        if existing is None:
            fields = ENTITY_LINKS.with_defaults({"entity_in_id": entity_in_id, "entity_out_id": asset_id,
                                                 "nb_occurences": nb, "label": label, "data": data})
            return EntityLink.create(fields, actor_id)
        changes = rules.link_change(existing, nb, label)
        if changes is None:
            return None
        record = self.app.repository.get(uuid.UUID(existing["id"]))
        record.update(changes, actor_id)
        return record

    def unlink(self, link_id, actor_id):
        record = self.app.repository.get(uuid.UUID(link_id))
        record.delete(actor_id)
        return record

    @answers("cast_asset")
    @casting_write
    def cast_asset(self, actor, project_id, asset_id, body):
        """PUT /data/projects/{pid}/entities/casting/assets/{asset_id}: cast (or, with
        nb_occurences 0, uncast) one asset in several entities; answers each one's casting."""
        self.check_project(actor, project_id, manager=True)
        asset = self.entity(asset_id, ("Asset",))
        if not isinstance(body, dict) or not isinstance(body.get("entity_ids"), list):
            raise WrongParameter("entity_ids must be a list of entity ids.")
        nb, label = rules.occurences(body.get("nb_occurences", 1)), str(body.get("label") or "")
        views, answer = self.platform.part(CastingViews), {}
        for entity_id in body["entity_ids"]:
            entity = self.entity(entity_id)
            casting = {key: (link["nb_occurences"], link["label"])
                       for key, link in self.links_of([entity["id"]]).get(entity["id"], {}).items()}
            self.replace(actor, entity, rules.recast(casting, asset["id"], nb, label))
            answer[entity["id"]] = views.entity_casting(actor, project_id, entity["id"])
        return answer
