"""The importer service: ShotGrid, Kitsu-to-Kitsu, CSV and OTIO imports, CSV exports. It owns no
breakdown data: every imported record becomes the owning service's command over RPC (shared/remote.py);
it keeps its map of foreign ids to ours and its import errors (models/)."""
import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.eventstore import EventStore
from shared.service import serves

from .commands.csv_imports import CsvImports
from .commands.csv_links import CsvLinks
from .commands.csv_people import CsvPeopleAndEdits
from .commands.kitsu import KitsuImports
from .commands.kitsu_resources import KitsuResources
from .commands.shotgun_breakdown import ShotgunBreakdown
from .commands.shotgun_people import ShotgunPeople
from .commands.shotgun_removals import ShotgunRemovals
from .commands.shotgun_work import ShotgunWork
from .commands.timeline_imports import TimelineImports
from .models import COLLECTIONS, metadata
from .models.import_errors import ImportErrors
from .views.csv_exports import CsvExports
from .views.studio_exports import StudioExports


class ImporterApplication(EventStore):
    pass


@serves(ImportErrors, ShotgunBreakdown, ShotgunPeople, ShotgunWork, ShotgunRemovals, KitsuImports, KitsuResources,
        CsvImports, CsvPeopleAndEdits, CsvLinks, CsvExports, StudioExports, TimelineImports)
class ImporterService(shared.service.CrudService):
    name = "importer"
    platform = shared.service.Platform(ImporterApplication, metadata, COLLECTIONS)
