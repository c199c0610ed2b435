"""Who may do what, through the real stack: eight callers (admin, a manager in and out of the team,
a supervisor, an artist, a client, a vendor, and an artist who manages this one project through
the role of their team link) ask the routes of production, tasks and media listed in
role_matrix/matrix.py; every answer's status must be the Zou reference's, recorded on the same
production by role_matrix/record.py (role_matrix/zou_1.0.97.tsv)."""
from pathlib import Path

from conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from role_matrix import matrix

REFERENCE = Path(__file__).parent / "role_matrix" / "zou_1.0.97.tsv"
# (route, role) -> (our status, why we differ from the reference on purpose)
DIFFERENCES = {}


def test_the_reference_table_covers_the_matrix():
    reference = matrix.read_table(REFERENCE)
    assert set(reference) == {(route[0], role) for route in matrix.ROUTES for role in matrix.ROLES}
    assert len(matrix.ROUTES) >= 40 and not set(DIFFERENCES) - set(reference)


def test_every_role_gets_the_reference_answer_on_every_route(base_url):
    expected = {cell: DIFFERENCES.get(cell, (status,))[0]
                for cell, status in matrix.read_table(REFERENCE).items()}
    fixture, apis = matrix.build(base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    answers = matrix.run(fixture, apis)
    wrong = sorted(f"{route} as {role}: {answers[route, role]} (expected {status})"
                   for (route, role), status in expected.items() if answers[route, role] != status)
    assert not wrong, "\n".join(wrong)
