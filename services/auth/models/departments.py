"""Departments (/data/departments): the generic CRUD serves them as they are."""
from shared.crud import Collection
from shared.crud.fields import Boolean, String

from ..domain import Department
from . import metadata

DEPARTMENTS = Collection("departments", "Department", Department, "department", metadata, {
    "name": String(nullable=False, unique=True), "color": String(nullable=False),
    "archived": Boolean(default=False)})
