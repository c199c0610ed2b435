"""Entity chats: join, leave, list the caller's; read an entity's chat, post and delete its messages."""
import uuid

import sqlalchemy as sa

from shared.crud import Actor
from shared.crud.store import as_object
from shared.errors import Forbidden, NotFound, ValidationError, WrongParameter
from shared.eventstore import command
from shared.application import UseCases

from . import access
from .collections import CHAT_MESSAGES, CHATS, ENTITIES
from .social import full_entity_name, with_entity_context
from .time import found_id


class Chats(UseCases):

    def entity(self, actor, entity_id):
        entity = access.replica_row(self.session, ENTITIES, found_id(entity_id))
        access.check_entity_read(self.session, actor, entity)
        return entity

    def chat_row(self, entity_id):
        table = CHATS.table
        return self.session.execute(sa.select(table).where(table.c.object_id == entity_id)).mappings().first()

    def ensure_chat(self, actor, entity):
        """The entity's chat row, created on first use."""
        row = self.chat_row(entity["id"])
        if row is None:
            self.platform.crud.save_new(CHATS, actor, {"object_id": entity["id"], "object_type": "entity",
                                                       "project_id": entity["project_id"]})
            row = self.chat_row(entity["id"])
        return row

    @command
    def entity_chat(self, actor, entity_id):
        """GET /data/entities/{entity_id}/chat: the chat with its participants (created on first
        read); Zou sends its messages apart, `messages` stays empty."""
        actor = Actor(actor)
        row = self.ensure_chat(actor, self.entity(actor, entity_id))
        return {**CHATS.serialize(row, actor, relations=True), "messages": []}

    @command
    def join(self, actor, entity_id):
        """POST /actions/user/chats/{entity_id}/join: the entity's chat (created on first join)."""
        actor = Actor(actor)
        row = self.ensure_chat(actor, self.entity(actor, entity_id))
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

    # -- messages -------------------------------------------------------------------------------
    def messages(self, actor, entity_id):
        """GET /data/entities/{entity_id}/chat/messages: oldest first."""
        actor = Actor(actor)
        chat = self.chat_row(self.entity(actor, entity_id)["id"])
        if chat is None:
            return []
        table = CHAT_MESSAGES.table
        rows = self.session.execute(sa.select(table).where(table.c.chat_id == chat["id"])
                                    .order_by(table.c.created_at))
        return [CHAT_MESSAGES.serialize(row, actor, relations=True) for row in rows.mappings()]

    def message_row(self, actor, entity_id, message_id):
        chat = self.chat_row(self.entity(actor, entity_id)["id"])
        table = CHAT_MESSAGES.table
        row = chat and self.session.execute(sa.select(table).where(
            table.c.id == found_id(message_id), table.c.chat_id == chat["id"])).mappings().first()
        if not row:
            raise NotFound()
        return row

    def message(self, actor, entity_id, message_id):
        actor = Actor(actor)
        return CHAT_MESSAGES.serialize(self.message_row(actor, entity_id, message_id), actor, relations=True)

    @command
    def post_message(self, actor, entity_id, body):
        """POST /data/entities/{entity_id}/chat/messages {message}: participants only; the chat's
        `last_message` moves to the message's time."""
        actor = Actor(actor)
        text = as_object(body).get("message")
        if text is None:
            raise ValidationError([{"field": "message", "message": "Field required"}])
        row = self.chat_row(self.entity(actor, entity_id)["id"])
        if row is None or actor.id not in (row["participants"] or []):
            raise WrongParameter("You are not a participant of this chat")
        message = self.platform.crud.save_new(CHAT_MESSAGES, actor, {
            "chat_id": row["id"], "person_id": actor.id, "text": str(text)})
        chat = self.platform.app.repository.get(uuid.UUID(row["id"]))
        chat.update({"last_message": message["created_at"]}, actor.id)
        self.platform.crud.save(CHATS, chat)
        message.pop("attachment_files", None)  # Zou's creation answer leaves them out
        return message

    @command
    def delete_message(self, actor, entity_id, message_id):
        """DELETE …/chat/messages/{id}: its author or an admin."""
        actor = Actor(actor)
        row = self.message_row(actor, entity_id, message_id)
        if not (actor.is_admin or row["person_id"] == actor.id):
            raise Forbidden()
        message = self.platform.app.repository.get(uuid.UUID(row["id"]))
        message.delete(actor.id)
        self.platform.crud.save(CHAT_MESSAGES, message)

    def user_chats(self, actor):
        """GET /data/user/chats: the chats the caller joined, with their entity's name."""
        actor = Actor(actor)
        chat = CHATS.table
        query = with_entity_context(
            sa.select(chat.c.id, chat.c.object_id, chat.c.last_message, chat.c.project_id),
            chat.c.object_id).where(chat.c.participants.any(actor.id))
        return [{"id": row["id"], "object_id": row["object_id"],
                 "last_message": row["last_message"] and row["last_message"].isoformat(),
                 "entity_name": full_entity_name(row)[0], "project_id": row["project_id"],
                 "preview_file_id": row["entity_preview_file_id"]}
                for row in self.session.execute(query).mappings()]
