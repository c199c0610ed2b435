"""Avatars: the pictures of persons, projects and the organisation, POST and GET
/pictures/thumbnails/{persons,projects,organisations}/{id}[.png]. The gateway stages the upload;
the picture is fitted into 400x400 in sRGB (Pillow, in an OS thread) and kept in
pictures/thumbnails under the path's id, as Zou keeps it. The row is its owner's: auth (persons,
the organisation) or production (projects) is asked to set its `has_avatar`; each upload is told
as `<kind>:set-thumbnail`."""
from eventlet import tpool

from shared import permissions
from shared.application import UseCases, answers
from shared.crud.store import parse_id
from shared.errors import NotFound, WrongParameter
from shared.eventstore import command
from shared.storage import STORE

from ..domain import AvatarUpload
from ..pictures import UnreadablePicture, store_fitted
from ..replicas import ACCESS, PERSONS
from ..rules import geometry
from ..rules.formats import WRONG_FORMAT
from ..uploads import UPLOADS, the_file

THUMBNAILS = "pictures/thumbnails"
OWNERS = {"persons": ("auth", "persons"), "projects": ("production", "projects"),
          "organisations": ("auth", "organisations")}


class Avatars(UseCases):
    def as_admin(self, actor):
        """Calls to the owner once media has checked the caller's right (Zou's rule is here)."""
        return self.platform.remote(actor={**actor, "role": "admin"})

    def owner_row(self, actor, kind, instance_id):
        """The row the picture is of (404 when unknown); the organisation is the only one,
        whatever the path's id (Zou)."""
        instance_id = parse_id(instance_id)
        if kind == "persons":
            person = ACCESS.row(self.session, PERSONS, instance_id)
            return {**(person["row"] or {}), "id": person["id"]}
        if kind == "projects":
            ACCESS.project(self.session, instance_id)
            return self.as_admin(actor).row("production", "projects", instance_id, relations=False)
        organisations = self.as_admin(actor).rows("auth", "organisations")
        if not organisations:
            raise NotFound()
        return organisations[0]

    @answers("upload_avatar")
    def upload(self, actor, kind, instance_id, body):
        """201 {thumbnail_path}: the picture stored, then its owner's `has_avatar` set."""
        owner = self.owner_row(actor, kind, instance_id)
        if kind == "persons":
            permissions.check_person_access(actor, owner["id"])
        elif kind == "projects":
            permissions.check_manager_project_access(actor, ACCESS.project(self.session, owner["id"]))
        else:
            permissions.allow(actor.is_admin)
        file_id = parse_id(instance_id)
        with the_file(body) as upload:
            try:
                tpool.execute(store_fitted, STORE.path(UPLOADS, upload["id"]), geometry.AVATAR, THUMBNAILS, file_id)
            except UnreadablePicture:
                raise WrongParameter(f"{WRONG_FORMAT}, extension: {upload['extension']}") from None
        service, collection = OWNERS[kind]
        self.as_admin(actor).update(service, collection, owner["id"], {"has_avatar": True})
        self.tell(actor, kind, file_id)
        return {"thumbnail_path": f"pictures/thumbnails/{kind}/{file_id}.png"}

    @command
    def tell(self, actor, kind, owner_id):
        self.app.save(AvatarUpload.create({"kind": kind[:-1], "owner_id": owner_id}, actor.id))

    @answers("avatar")
    def picture(self, actor, kind, instance_id):
        """The stored picture, which the gateway sends: 404 without `has_avatar`; a project's
        for its team (and managers, admins)."""
        owner = self.owner_row(actor, kind, instance_id)
        if not owner.get("has_avatar"):
            raise NotFound()
        if kind == "projects" and not actor.is_manager:
            permissions.check_project_access(actor, ACCESS.project(self.session, owner["id"]))
        return {"id": parse_id(instance_id), "mimetype": "image/png", "inline": True}
