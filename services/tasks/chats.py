"""Entity chats the logged-in person takes part in: join, leave, list."""
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.eventstore import command
from shared.application import UseCases

from . import access
from .collections import CHATS, ENTITIES, ENTITY_TYPES
from .social import full_entity_name
from .time import found_id


class Chats(UseCases):

    def entity(self, actor, entity_id):
        entity = access.replica_row(self.session, ENTITIES, found_id(entity_id))
        access.check_entity_read(self.session, actor, entity)
        return entity

    def chat_row(self, entity_id):
        table = CHATS.table
        return self.session.execute(sa.select(table).where(table.c.object_id == entity_id)).mappings().first()

    @command
    def join(self, actor, entity_id):
        """POST /actions/user/chats/{entity_id}/join: the entity's chat (created on first join)."""
        actor = Actor(actor)
        entity = self.entity(actor, entity_id)
        row = self.chat_row(entity["id"])
        if row is None:
            self.platform.crud.save_new(CHATS, actor, {"object_id": entity["id"], "object_type": "entity",
                                                       "project_id": entity["project_id"]})
            row = self.chat_row(entity["id"])
        chat = self.platform.app.repository.get(uuid.UUID(row["id"]))
        chat.join(actor.id)
        row = {**row, **(self.platform.crud.save(CHATS, chat) or {})}
        return CHATS.serialize(row)

    @command
    def leave(self, actor, entity_id):
        actor = Actor(actor)
        entity = self.entity(actor, entity_id)
        row = self.chat_row(entity["id"])
        if row is not None:
            chat = self.platform.app.repository.get(uuid.UUID(row["id"]))
            chat.leave(actor.id)
            self.platform.crud.save(CHATS, chat)

    def user_chats(self, actor):
        """GET /data/user/chats: the chats the caller joined, with their entity's name."""
        actor = Actor(actor)
        chat, entity = CHATS.table, ENTITIES.alias("entity")
        parent, grandparent = ENTITIES.alias("parent"), ENTITIES.alias("grandparent")
        query = (sa.select(chat.c.id, chat.c.object_id, chat.c.last_message,
                           entity.c.kind.label("entity_kind"), entity.c.name.label("entity_name"),
                           entity.c.source_id, entity.c.project_id, entity.c.preview_file_id,
                           ENTITY_TYPES.c.name.label("entity_type_name"), parent.c.id.label("parent_id"),
                           parent.c.name.label("parent_name"), grandparent.c.id.label("grandparent_id"),
                           grandparent.c.name.label("grandparent_name"))
                 .join(entity, entity.c.id == chat.c.object_id)
                 .outerjoin(ENTITY_TYPES, ENTITY_TYPES.c.id == entity.c.entity_type_id)
                 .outerjoin(parent, parent.c.id == entity.c.parent_id)
                 .outerjoin(grandparent, grandparent.c.id == parent.c.parent_id)
                 .where(chat.c.participants.any(actor.id)))
        return [{"id": row["id"], "object_id": row["object_id"],
                 "last_message": row["last_message"] and row["last_message"].isoformat(),
                 "entity_name": full_entity_name(row)[0], "project_id": row["project_id"],
                 "preview_file_id": row["preview_file_id"]}
                for row in self.session.execute(query).mappings()]
