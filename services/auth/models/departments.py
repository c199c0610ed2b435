"""Departments (/data/departments): the generic CRUD serves them; the Model part adds the
department's software licenses and hardware items. Those items are media's rows: a department
keeps, per item id, its link's id and dates (Zou's link rows), and reads the items from media."""
import datetime
import uuid

import sqlalchemy as sa

from shared import permissions
from shared.application import Model, answers
from shared.crud import Collection
from shared.crud.fields import Boolean, Json, String
from shared.errors import NotFound
from shared.eventstore import command

from .. import schemas
from ..domain import Department
from . import metadata

# the link kinds: route word -> (the department's field, media's collection, the body's id, Zou's type)
LINKS = {
    "hardware-items": ("hardware_item_links", "hardware-items", "hardware_item_id", "HardwareItemDepartmentLink"),
    "software-licenses": ("software_links", "softwares", "software_id", "SoftwareDepartmentLink"),
}

DEPARTMENTS = Collection("departments", "Department", Department, "department", metadata, {
    "name": String(nullable=False, unique=True), "color": String(nullable=False),
    "archived": Boolean(default=False),
    **{field: Json(hidden=True, protected=True) for field, *_ in LINKS.values()}})
ITEM_IDS = ("hardware_item_id", "software_id")  # how the routes name the linked item


class Departments(Model):
    """Every route of the links is the admins' (as Zou)."""
    collection = DEPARTMENTS

    @answers("department_links")
    def links(self, actor, kind):
        """GET /data/departments/{kind}: {department id: [its items]} for the departments with some."""
        permissions.allow(permissions.is_admin(actor))
        field, collection, *_ = LINKS[kind]
        table = DEPARTMENTS.table
        linked = {department_id: links for department_id, links in self.session.execute(
            sa.select(table.c.id, table.c[field]).order_by(table.c.name)) if links}
        if not linked:
            return {}
        items = {item["id"]: item for item in self.platform.remote().rows("media", collection)}
        out = {}
        for department_id, links in linked.items():
            found = [items[item_id] for item_id in links if item_id in items]
            if found:
                out[department_id] = found
        return out

    def department(self, department_id):
        """The department's row; 404 when there is none (a malformed id included, as Zou)."""
        try:
            department_id = str(uuid.UUID(str(department_id)))
        except ValueError:
            raise NotFound()
        return self.crud.row(DEPARTMENTS, department_id)

    @answers("department_link", item_id=ITEM_IDS)
    def link(self, actor, kind, department_id, item_id):
        """GET /data/departments/{id}/{kind}/{item id}: the item, when the department has it."""
        permissions.allow(permissions.is_admin(actor))
        field, collection, *_ = LINKS[kind]
        if item_id not in (self.department(department_id)[field] or {}):
            raise NotFound()
        return self.platform.remote().row("media", collection, item_id)

    @answers("add_department_link")
    def add_link(self, actor, kind, department_id, body):
        """POST /data/departments/{id}/{kind}: link an item of media (the same link when it has it)."""
        permissions.allow(permissions.is_admin(actor))
        field, collection, key, _ = LINKS[kind]
        item_id = schemas.uuid_field(body, key)
        self.department(department_id)
        self.platform.remote().row("media", collection, item_id)  # 404 when media has no such item
        return self.save_link(actor, kind, department_id, item_id)

    @command
    def save_link(self, actor, kind, department_id, item_id):
        field, *_ = LINKS[kind]
        row = self.department(department_id)
        links = dict(row[field] or {})
        if item_id not in links:
            now = datetime.datetime.utcnow().replace(microsecond=0).isoformat()
            links[item_id] = {"id": str(uuid.uuid4()), "created_at": now, "updated_at": now}
            self.save_links(actor, row, field, links)
        return self.link_dict(kind, row["id"], item_id, links[item_id])

    @answers("remove_department_link", item_id=ITEM_IDS)
    def remove_link(self, actor, kind, department_id, item_id):
        """DELETE /data/departments/{id}/{kind}/{item id}."""
        permissions.allow(permissions.is_admin(actor))
        self.unlink(actor, kind, department_id, item_id)

    @command
    def unlink(self, actor, kind, department_id, item_id):
        field, *_ = LINKS[kind]
        row = self.department(department_id)
        links = dict(row[field] or {})
        if links.pop(item_id, None) is None:
            raise NotFound()
        self.save_links(actor, row, field, links)

    def save_links(self, actor, row, field, links):
        department = self.app.repository.get(uuid.UUID(row["id"]))
        department.update({field: links}, actor.id)
        self.crud.save(DEPARTMENTS, department)

    @staticmethod
    def link_dict(kind, department_id, item_id, link):
        *_, key, model = LINKS[kind]
        return {"department_id": str(department_id), key: item_id, **link, "type": model}
