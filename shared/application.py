"""Base of a service's application classes (commands and queries of one area)."""
from . import db


class UseCases:
    """What every area works with: the worker's database session, the service's event store and
    its generic CRUD store (all from the service's Platform)."""

    def __init__(self, platform):
        self.platform = platform

    @property
    def session(self):
        return db.current_session()

    @property
    def app(self):
        return self.platform.app

    @property
    def crud(self):
        return self.platform.crud
