"""gazu 1.3.1, the studios' Python client, against the real stack."""
import gazu

from api import unique


def test_gazu_login_list_create_logout(base_url):
    gazu.set_host(base_url)
    login = gazu.log_in("admin@example.com", "mysecretpassword")
    assert login["login"] is True and login["user"]["email"] == "admin@example.com"
    assert gazu.client.get_api_version() == "1.0.97"
    emails = {person["email"] for person in gazu.person.all_persons()}
    assert "admin@example.com" in emails

    name = unique("gazu")
    created = gazu.person.new_person(name, "Client", f"{name}@example.com", role="supervisor")
    assert created["role"] == "supervisor"
    again = gazu.person.new_person(name, "Client", f"{name}@example.com")  # get-or-create by email
    assert again["id"] == created["id"]
    assert gazu.person.get_person_by_email(f"{name}@example.com")["id"] == created["id"]
    assert gazu.client.get_current_user()["email"] == "admin@example.com"

    gazu.log_out()
    try:
        gazu.person.all_persons()
    except gazu.exception.NotAuthenticatedException:
        pass
    else:
        raise AssertionError("the logged-out client still got an answer")
