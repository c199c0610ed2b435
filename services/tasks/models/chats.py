"""Entity chats (Zou's Chat and ChatMessage): join, leave, list the caller's; read an entity's
chat, post and delete its messages."""
import uuid

import sqlalchemy as sa

from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import DateTime, String, Uuid, UuidList
from shared.crud.store import as_object
from shared.errors import Forbidden, NotFound, ValidationError, WrongParameter
from shared.eventstore import command

from .. import access
from ..domain import Chat, ChatMessage
from ..replicas import ENTITIES, metadata, with_entity_context
from ..rules.entity_names import full_entity_name
from ..rules.ids import found_id
from .records import AdminCollection, delete_record, update_record

CHATS = AdminCollection("chats", "Chat", Chat, "chat", metadata, {
    "object_id": Uuid(nullable=False, index=True, references="entity_replica"),
    "object_type": String(nullable=False, default="entity"),
    "last_message": DateTime(), "participants": UuidList(),
    "project_id": Uuid(hidden=True, protected=True)})
CHAT_MESSAGES = AdminCollection("chat-messages", "ChatMessage", ChatMessage, "chat_message", metadata, {
    "chat_id": Uuid(nullable=False, index=True, references="chat"), "person_id": Uuid(nullable=False),
    "text": String(), "attachment_files": UuidList(protected=True)})


class Chats(Model):
    collection = CHATS

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
            self.crud.save_new(CHATS, actor, {"object_id": entity["id"], "object_type": "entity",
                                                       "project_id": entity["project_id"]})
            row = self.chat_row(entity["id"])
        return row

    @answers("entity_chat")
    @command
    def entity_chat(self, actor, entity_id):
        """GET /data/entities/{entity_id}/chat: the chat with its participants (created on first
        read); Zou sends its messages apart, `messages` stays empty."""
        actor = Actor(actor)
        row = self.ensure_chat(actor, self.entity(actor, entity_id))
        return {**CHATS.serialize(row, actor, relations=True), "messages": []}

    @answers("join_chat")
    @command
    def join(self, actor, entity_id):
        """POST /actions/user/chats/{entity_id}/join: the entity's chat (created on first join)."""
        actor = Actor(actor)
        row = self.ensure_chat(actor, self.entity(actor, entity_id))
        chat = self.app.repository.get(uuid.UUID(row["id"]))
        chat.join(actor.id)
        row = {**row, **(self.crud.save(CHATS, chat) or {})}
        return CHATS.serialize(row)

    @answers("leave_chat")
    @command
    def leave(self, actor, entity_id):
        actor = Actor(actor)
        entity = self.entity(actor, entity_id)
        row = self.chat_row(entity["id"])
        if row is not None:
            chat = self.app.repository.get(uuid.UUID(row["id"]))
            chat.leave(actor.id)
            self.crud.save(CHATS, chat)

    # -- messages -------------------------------------------------------------------------------
    @answers("entity_chat_messages")
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

    @answers("entity_chat_message")
    def message(self, actor, entity_id, chat_message_id):
        actor = Actor(actor)
        return CHAT_MESSAGES.serialize(self.message_row(actor, entity_id, chat_message_id), actor, relations=True)

    @answers("post_chat_message")
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
        message = self.crud.save_new(CHAT_MESSAGES, actor, {
            "chat_id": row["id"], "person_id": actor.id, "text": str(text)})
        update_record(self.platform, CHATS, row["id"], {"last_message": message["created_at"]}, actor.id)
        message.pop("attachment_files", None)  # Zou's creation answer leaves them out
        return message

    @answers("delete_chat_message")
    @command
    def delete_message(self, actor, entity_id, chat_message_id):
        """DELETE …/chat/messages/{id}: its author or an admin."""
        actor = Actor(actor)
        row = self.message_row(actor, entity_id, chat_message_id)
        if not (actor.is_admin or row["person_id"] == actor.id):
            raise Forbidden()
        delete_record(self.platform, CHAT_MESSAGES, row["id"], actor.id)

    @answers("user_chats")
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
