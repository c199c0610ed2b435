"""The repository's committed states (shared.eventstore.CommittedStates), on eventsourcing's
in-memory store: outside commands what another process stored since is caught up with; a
command trusts the remembered state, whose staleness shows as a version conflict; copies stay
copies."""
import types

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from shared import db

from shared.eventstore import CommittedStates, Record


class Shot(Record):
    public_name = "shot"


def stores():
    """One event store, seen by a remembering repository and by a plain one (another process)."""
    app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    return app, CommittedStates(event_store=app.events)


def changed_elsewhere():
    """A shot remembered at version 1, then changed to version 2 by another process."""
    app, repository = stores()
    shot = Shot.create({"name": "SH010", "nb_frames": 10})
    app.save(shot)
    repository.remember([shot])
    elsewhere = app.repository.get(shot.id)
    elsewhere.update({"nb_frames": 20})
    app.save(elsewhere)
    return app, repository, shot


def test_a_remembered_state_catches_up_with_events_stored_since():
    app, repository, shot = changed_elsewhere()
    got = repository.get(shot.id)
    assert got.fields == {"name": "SH010", "nb_frames": 20} and got.version == 2


def test_gets_are_copies_and_unsaved_changes_are_not_remembered():
    app, repository = stores()
    shot = Shot.create({"name": "SH010"})
    app.save(shot)
    repository.remember([shot])
    repository.get(shot.id).update({"name": "changed in a command that failed"})
    assert repository.get(shot.id).fields["name"] == "SH010"
    shot.update({"name": "not saved"})
    repository.remember([shot])
    assert repository.get(shot.id).fields["name"] == "SH010"


def test_a_command_trusts_the_remembered_state_until_it_clashes(monkeypatch):
    app, repository, shot = changed_elsewhere()
    monkeypatch.setattr(db, "_session", types.SimpleNamespace(info={"in_command": True}))
    stale = repository.get(shot.id)
    assert stale.version == 1  # no read of the store
    stale.update({"nb_frames": 30})
    with pytest.raises(IntegrityError):  # the command would run again…
        app.save(stale)
    repository.forget([stale])  # …without the stale state
    assert repository.get(shot.id).fields["nb_frames"] == 20
