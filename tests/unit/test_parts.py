"""How a part's method gets the request (shared.application): by parameter name."""
from shared.application import answers, arguments, rpc_methods
from shared.crud import Actor


class Shots:
    @answers("shot_tasks", entity_id=("asset_id", "shot_id"))
    def tasks(self, actor, entity_id, query, relations=False):
        return actor, entity_id, query, relations

    @answers()
    def create_shot(self, body, project_id):
        return body, project_id


def test_parameters_are_taken_by_name_from_the_request():
    request = {"actor": {"id": "p1", "role": "admin"}, "params": {"shot_id": "s1", "kind": "Shot"},
               "query": {"page": "2"}, "body": None}
    method = Shots.tasks
    kwargs = arguments(method, request)
    assert kwargs == {"actor": {"id": "p1", "role": "admin"}, "entity_id": "s1", "query": {"page": "2"}}
    assert isinstance(kwargs["actor"], Actor) and kwargs["actor"].is_admin


def test_a_missing_part_of_the_request_is_empty_except_the_body():
    kwargs = arguments(Shots.create_shot, {"params": {"project_id": "p"}})
    assert kwargs == {"body": None, "project_id": "p"}
    assert arguments(Shots.tasks, {"params": {}})["query"] == {}


def test_the_rpc_names_of_a_part():
    assert rpc_methods(Shots) == {"shot_tasks": "tasks", "create_shot": "create_shot"}
