"""POST /import/shotgun/remove/<kind> {"id": <ShotGrid id>, …}: the row that record became is
deleted by its owner (entities forced: their tasks go with them, as Zou's removal). Zou answers
{"removed_instance_id", "success"} (success false when the owner refused), or {"success": true}
when nothing matches. The caller's own rights apply at the owner (Zou checks only the token)."""
import orjson

from shared.application import UseCases, answers
from shared.errors import RemoteError, WrongParameter

from ..models.foreign_ids import ForeignIds

# route kind -> (ShotGrid type in the map, owner, collection); entities go through delete_entity
REMOVABLE = {
    "project": ("Project", "production", "projects"),
    "person": ("HumanUser", "auth", "persons"),
    "episode": ("Episode", "production", None), "sequence": ("Sequence", "production", None),
    "scene": ("Scene", "production", None), "shot": ("Shot", "production", None),
    "asset": ("Asset", "production", None),
    "step": ("Step", "tasks", "task-types"), "status": ("Status", "tasks", "task-status"),
    "task": ("Task", "tasks", "tasks"), "note": ("Note", "tasks", "comments"),
    "version": ("Version", "media", "preview-files"),
    "project-connection": ("ProjectConnection", "production", None),
}


class ShotgunRemovals(UseCases):
    @answers("remove_shotgun_record")
    def remove(self, actor, meta, body, kind):
        if not isinstance(body, dict) or body.get("id") is None:
            raise WrongParameter("The request body must be a ShotGrid record with its id.")
        sg_type, service, collection = REMOVABLE[kind]
        ids, owners = ForeignIds(self.session, "shotgun"), self.platform.remote(actor, meta)
        our_id = ids.our(sg_type, body["id"]) or self.carried(owners, service, collection, body["id"])
        if our_id is None:
            return {"success": True}
        try:
            if kind == "project-connection":
                person_id = ids.our("ProjectConnectionPerson", body["id"])
                owners.call(service, "remove_project_team_member",
                            params={"project_id": our_id, "person_id": person_id})
            elif collection is None:
                owners.call(service, "delete_entity", params={"kind": sg_type, f"{kind}_id": our_id},
                            query={"force": "true"})
            else:
                owners.delete(service, collection, our_id)
        except RemoteError as error:
            if error.status != 404:
                return {"removed_instance_id": our_id, "success": False}
        ids.forget(sg_type, body["id"])
        return {"removed_instance_id": our_id, "success": True}

    @staticmethod
    def carried(owners, service, collection, shotgun_id):
        """Our id of the owner's row that carries this ShotGrid id (rows of an earlier import)."""
        if collection is None or not isinstance(shotgun_id, int):
            return None
        rows = owners.rows(service, collection, shotgun_id=orjson.dumps([shotgun_id]).decode())
        return rows[0]["id"] if rows else None
