"""The studio's catalogues that files refer to: output types, softwares, file statuses, hardware
items and the preview backgrounds of the review player. Zou's default rules: read by anyone,
written by admins; the generic CRUD answers for them."""
from shared.crud import Collection
from shared.crud.fields import Boolean, Integer, Json, String

from .. import domain
from ..replicas import metadata

OUTPUT_TYPES = Collection("output-types", "OutputType", domain.OutputType, "output_type", metadata, {
    "name": String(nullable=False, unique=True), "short_name": String()})
SOFTWARES = Collection("softwares", "Software", domain.Software, "software", metadata, {
    "name": String(nullable=False, unique=True), "short_name": String(nullable=False),
    "archived": Boolean(default=False), "version": String(), "file_extension": String(nullable=False),
    "secondary_extensions": Json(), "monthly_cost": Integer(default=0), "inventory_amount": Integer(default=0)})
FILE_STATUSES = Collection("file-status", "FileStatus", domain.FileStatus, "file_status", metadata, {
    "name": String(nullable=False, unique=True), "color": String(nullable=False)})
HARDWARE_ITEMS = Collection("hardware-items", "HardwareItem", domain.HardwareItem, "hardware_item", metadata, {
    "name": String(nullable=False, unique=True), "short_name": String(nullable=False),
    "archived": Boolean(default=False), "monthly_cost": Integer(default=0), "inventory_amount": Integer(default=0)})
PREVIEW_BACKGROUND_FILES = Collection(
    "preview-background-files", "PreviewBackgroundFile", domain.PreviewBackgroundFile, "preview_background_file",
    metadata, {"name": String(nullable=False, unique=True), "archived": Boolean(default=False),
               "is_default": Boolean(default=False), "original_name": String(), "extension": String(),
               "file_size": Integer(default=0)})

CATALOGUES = (OUTPUT_TYPES, SOFTWARES, FILE_STATUSES, HARDWARE_ITEMS, PREVIEW_BACKGROUND_FILES)
