"""What a studio trusts us with: reset tokens never reach the caller, no process signs tokens
with a key published in the repo, and a right withdrawn is gone for the very next request."""
import re
import subprocess

from api import Api, logged_in, new_person
from conftest import ROOT

RESET_LINK = re.compile(r"mail is not configured \(MAIL_SERVER\): for (\S+), .*(https?://[^\s'\\]+)")


def reset_token_from_log(cluster, email):
    """Without MAIL_SERVER, auth writes the link to its log (and only there)."""
    links = [link for address, link in RESET_LINK.findall(cluster.log("auth", lines=2000))
             if address == email]
    assert links, "no reset link in the auth service's log"
    return re.search(r"token=(\w+)", links[-1]).group(1)


def test_a_password_reset_token_never_reaches_the_caller(cluster, base_url, admin):
    person = new_person(admin)
    anonymous = Api(base_url)
    assert anonymous.post("/auth/reset-password", {"email": person["email"]}) == (
        200, {"success": "Reset token sent"})
    assert anonymous.post("/auth/reset-password", {"email": "nobody@example.com"}) == (
        200, {"success": "Reset token sent"})
    assert admin.get(f"/actions/persons/{person['id']}/invite") == (
        200, {"success": True, "message": "Email sent"})
    assert "mail is not configured" in cluster.log("auth", lines=2000)

    token = reset_token_from_log(cluster, person["email"])
    body = {"email": person["email"], "token": token, "password": "short", "password2": "short"}
    assert anonymous.put("/auth/reset-password", body)[0] == 400
    body.update(password="brand-new-password", password2="brand-new-password")
    assert anonymous.put("/auth/reset-password", body) == (200, {"success": True})
    assert anonymous.put("/auth/reset-password", body) == (
        400, {"error": True, "message": "Wrong or expired token."})
    assert anonymous.login(person["email"], "brand-new-password")["login"] is True


def test_no_process_starts_without_a_signing_key(cluster):
    env = {key: value for key, value in cluster.env.items() if key != "SECRET_KEY"}
    venv = ROOT / ".venv" / "bin"
    for command in ([str(venv / "python"), "-m", "gateway"],
                    [str(venv / "nameko"), "run", "--config", "deploy/nameko.yaml",
                     "services.auth.service:AuthService"]):
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode != 0 and "SECRET_KEY must be set" in done.stderr, done.stderr[-2000:]


def test_a_reactivation_does_not_revive_the_tokens_issued_before(base_url, admin):
    artist = logged_in(base_url, admin, "user")
    path = f"/data/persons/{artist.person['id']}"
    assert artist.get("/data/user/context")[0] == 200
    assert admin.put(path, {"active": False})[0] == 200
    assert artist.get("/data/user/context")[0] == 401
    assert admin.put(path, {"active": True})[0] == 200
    assert artist.get("/data/user/context") == (401, {"msg": "Token has been revoked"})
    artist.token = artist.login(artist.person["email"], "secret-password")["access_token"]
    assert artist.get("/data/user/context")[0] == 200


def test_a_withdrawn_right_is_gone_for_the_very_next_request(base_url, admin):
    """No sleep between the answer and the next request: 20 deactivations, 20 demotions."""
    for _ in range(20):
        artist = logged_in(base_url, admin, "user")
        assert admin.put(f"/data/persons/{artist.person['id']}", {"active": False})[0] == 200
        assert artist.get("/data/persons")[0] == 401
    for _ in range(20):
        manager = logged_in(base_url, admin, "admin")
        assert manager.get("/data/events/last")[0] == 200  # admins and managers only
        assert admin.put(f"/data/persons/{manager.person['id']}", {"role": "user"})[0] == 200
        assert manager.get("/data/events/last")[0] == 403
