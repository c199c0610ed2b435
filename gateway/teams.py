"""Who is on which project's team, as production publishes it, for the event stream: a project's
events go to its team and to admins only (Zou broadcasts them to everyone). Filled from a
snapshot of production's projects, then kept current by its `row.project` events."""
import logging

log = logging.getLogger("gateway.teams")
# the route whose answer, for an admin, is every project with its team
ALL_PROJECTS = "/data/projects/all"
SYSTEM_ADMIN = {"id": None, "role": "admin", "identity_type": "person"}


class ProjectTeams:
    def __init__(self):
        self.teams = {}  # project id -> frozenset of person ids
        self.ready = False

    def load(self, projects):
        """A snapshot; the row events received while it loaded are applied after it."""
        self.teams = {project["id"]: frozenset(project.get("team") or ()) for project in projects}
        self.ready = True

    def apply_row(self, envelope):
        data = envelope.get("data") or {}
        row = data.get("row")
        if row is None:
            self.teams.pop(data.get("id"), None)
        else:
            self.teams[data["id"]] = frozenset(row.get("team") or ())

    def is_member(self, person_id, project_id):
        return person_id in self.teams.get(project_id, ())


def may_receive(person, person_id, project_id, teams):
    """Whether an event of `project_id` (None: of no project) may reach this person: active,
    and admin or on the project's team (Zou's check_project_access)."""
    if person is None or not person.get("active"):
        return False
    if project_id is None:
        return True
    return person.get("role") == "admin" or teams.is_member(person_id, project_id)


async def load_snapshot(rpc, router, teams):
    """Every project's team, asked to the service answering ALL_PROJECTS (as an admin would)."""
    route, params = router.match("GET", ALL_PROJECTS)
    request = {"actor": SYSTEM_ADMIN, "params": {**route.params, **params}, "query": {},
               "body": None, "meta": {"user_agent": "gateway", "ip": ""}}
    teams.load(await rpc.call(route.service, route.rpc, request, timeout=10))
    log.info("project teams loaded: %d projects", len(teams.teams))
