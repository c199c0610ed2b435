"""Route matching of the gateway: /api prefix, trailing slash, params, static-first, 404 vs 405."""
from gateway import local
from gateway.router import Router
from gateway.routes import COLLECTIONS, ROUTES, Route

ROUTER = Router(ROUTES + local.ROUTES)


def test_crud_rows_generated_for_each_collection():
    for name in COLLECTIONS:
        route, params = ROUTER.match("DELETE", f"/data/{name}/abc")
        assert (route.rpc, route.status, route.params, params) == (
            "crud_delete", 204, {"collection": name}, {"instance_id": "abc"})
        assert ROUTER.match("POST", f"/data/{name}")[0].status == 201


def test_api_prefix_and_trailing_slash():
    for path in ("/data/persons/p1", "/api/data/persons/p1", "/data/persons/p1/",
                 "/api/data/persons/p1/"):
        route, params = ROUTER.match("GET", path)
        assert route.rpc == "crud_get" and params == {"instance_id": "p1"}
    assert ROUTER.match("GET", "/api")[0].rpc == "api_root"
    assert ROUTER.match("GET", "/")[0].rpc == "api_root"
    assert ROUTER.match("GET", "/api/status/")[0].rpc == "status"


def test_static_segment_wins_then_falls_back_to_param():
    route, params = ROUTER.match("GET", "/data/persons/presence-logs/2024-05")
    assert route.rpc == "presence_logs" and params == {"month_date": "2024-05"}
    route, params = ROUTER.match("GET", "/data/persons/presence-logs")
    assert route.rpc == "crud_get" and params == {"instance_id": "presence-logs"}
    route, params = ROUTER.match("DELETE", "/actions/persons/p1/departments/d1")
    assert route.rpc == "remove_person_from_department"
    assert params == {"person_id": "p1", "department_id": "d1"}


def test_404_and_405():
    assert ROUTER.match("GET", "/no/such/route") == (None, None)
    assert ROUTER.match("GET", "/apix/data/persons") == (None, None)
    assert ROUTER.match("POST", "/data/persons/p1") == (None, ["DELETE", "GET", "PUT"])
    assert ROUTER.match("PATCH", "/auth/totp") == (None, ["DELETE", "POST", "PUT"])


def test_head_uses_get_route_and_rules():
    assert ROUTER.match("HEAD", "/")[0].rpc == "api_root"
    assert ROUTER.match("POST", "/auth/login")[0].rule == "public"
    assert ROUTER.match("GET", "/auth/refresh-token")[0].rule == "refresh"
    assert ROUTER.match("GET", "/auth/logout")[0].rule == "access"


def test_duplicate_route_rejected():
    router = Router([Route("GET", "/a/{x}", "s", "m")])
    try:
        router.add(Route("GET", "/a/{y}", "s", "n"))
    except ValueError:
        return
    raise AssertionError("duplicate accepted")


def test_many_routes_match_fast():
    import time
    router = Router([Route("GET", f"/data/c{i}/{{id}}/sub{j}", "s", "m")
                     for i in range(100) for j in range(8)])
    start = time.perf_counter()
    for _ in range(10000):
        route, params = router.match("GET", "/api/data/c99/xyz/sub7/")
    assert params == {"id": "xyz"}
    assert (time.perf_counter() - start) / 10000 < 0.0002


def test_segments_with_a_parameter_and_literal_text():
    router = Router([Route("GET", "/p/{id}.png", "media", "png"), Route("GET", "/p/{id}.{extension}", "media", "any"),
                     Route("GET", "/p/{id}", "media", "plain"), Route("GET", "/p/static.png", "media", "static")])
    assert router.match("GET", "/p/abc.png") == (router.routes[0], {"id": "abc"})
    assert router.match("GET", "/api/p/abc.pdf") == (router.routes[1], {"id": "abc", "extension": "pdf"})
    assert router.match("GET", "/p/a.b.mp4")[1] == {"id": "a.b", "extension": "mp4"}  # the last dot splits
    assert router.match("GET", "/p/abc")[0].rpc == "plain"
    assert router.match("GET", "/p/static.png")[0].rpc == "static"
    assert router.match("POST", "/p/abc.png") == (None, ["GET"])
    route, params = ROUTER.match("GET", "/pictures/thumbnails-square/preview-files/f1.png")
    assert (route.rpc, route.params, params) == ("preview_picture", {"store": "pictures/thumbnails-square"},
                                                 {"preview_file_id": "f1"})
