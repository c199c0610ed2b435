"""Auth flows through the gateway of the test cluster (API.md §5): 2FA, lockout, inactive
accounts, password change, bot tokens (password resets: test_security.py)."""
import uuid

import pyotp
import pytest
import requests

PASSWORD = "s3cret-password"


@pytest.fixture
def api(base_url, admin_token):
    class Api:
        admin = {"Authorization": f"Bearer {admin_token}"}

        def __call__(self, method, path, token=None, **kwargs):
            headers = {"Authorization": f"Bearer {token}"} if token else self.admin
            return requests.request(method, f"{base_url}{path}", headers=headers, timeout=30, **kwargs)

        def login(self, email, password=PASSWORD, **factors):
            return requests.post(f"{base_url}/auth/login", timeout=30,
                                 json={"email": email, "password": password, **factors})

        def new_person(self, **fields):
            body = {"first_name": "Flow", "last_name": uuid.uuid4().hex[:8],
                    "email": f"flow-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD, **fields}
            response = self("POST", "/data/persons", json=body)
            assert response.status_code == 201, response.text
            assert "password" not in response.json()
            return response.json()

    return Api()


def test_totp_enable_login_and_recovery_codes(api):
    person = api.new_person()
    token = api.login(person["email"]).json()["access_token"]

    setup = api("PUT", "/auth/totp", token)
    assert setup.status_code == 200, setup.text
    secret = setup.json()["otp_secret"]
    assert setup.json()["totp_provisionning_uri"].startswith("otpauth://totp/Kitsu%20")
    missing = api("POST", "/auth/totp", token, json={})
    assert missing.status_code == 400 and missing.json()["message"] == "Validation error."
    wrong = api("POST", "/auth/totp", token, json={"totp": "000000"})
    assert wrong.status_code == 400
    assert wrong.json() == {"error": True, "message": "TOTP verification failed.", "wrong_OTP": True}

    enabled = api("POST", "/auth/totp", token, json={"totp": pyotp.TOTP(secret).now()})
    assert enabled.status_code == 200, enabled.text
    codes = enabled.json()["otp_recovery_codes"]
    assert len(codes) == 16 and all(len(code) == 10 and code.isalnum() for code in codes)
    assert enabled.json()["access_token"] and enabled.json()["refresh_token"]
    again = api("POST", "/auth/totp", token, json={"totp": pyotp.TOTP(secret).now()})
    assert again.status_code == 400 and again.json()["message"] == "TOTP already enabled."

    no_code = api.login(person["email"])
    assert no_code.status_code == 400
    assert no_code.json()["missing_OTP"] is True
    assert no_code.json()["preferred_two_factor_authentication"] == "totp"
    assert no_code.json()["two_factor_authentication_enabled"] == ["recovery_code", "totp"]
    wrong_code = api.login(person["email"], totp="000000")
    assert wrong_code.status_code == 400 and wrong_code.json()["wrong_OTP"] is True
    assert api.login(person["email"], totp=pyotp.TOTP(secret).now()).status_code == 200

    assert api.login(person["email"], recovery_code=codes[0]).status_code == 200
    reused = api.login(person["email"], recovery_code=codes[0])
    assert reused.status_code == 400 and reused.json()["wrong_OTP"] is True
    assert api.login(person["email"], recovery_code=codes[1]).status_code == 200


def test_disable_totp_needs_a_second_factor(api):
    person = api.new_person()
    token = api.login(person["email"]).json()["access_token"]
    secret = api("PUT", "/auth/totp", token).json()["otp_secret"]
    assert api("POST", "/auth/totp", token, json={"totp": pyotp.TOTP(secret).now()}).status_code == 200

    refused = api("DELETE", "/auth/totp", token, json={"totp": "000000"})
    assert refused.status_code == 400 and refused.json()["wrong_OTP"] is True
    assert api("DELETE", "/auth/totp", token, json={"totp": pyotp.TOTP(secret).now()}).status_code == 200
    assert api.login(person["email"]).status_code == 200
    user = api("GET", f"/data/persons/{person['id']}").json()
    assert user["totp_enabled"] is False and user["preferred_two_factor_authentication"] is None


def test_admin_disables_two_factor_authentication(api):
    person = api.new_person()
    token = api.login(person["email"]).json()["access_token"]
    secret = api("PUT", "/auth/totp", token).json()["otp_secret"]
    assert api("POST", "/auth/totp", token, json={"totp": pyotp.TOTP(secret).now()}).status_code == 200
    assert api.login(person["email"]).status_code == 400

    path = f"/actions/persons/{person['id']}/disable-two-factor-authentication"
    assert api("DELETE", path, token).status_code == 403
    disabled = api("DELETE", path)
    assert disabled.status_code == 200 and disabled.json() == {"success": True}  # as Zou
    assert api.login(person["email"]).status_code == 200


def test_five_failed_logins_lock_the_account(api):
    person = api.new_person()
    for _ in range(5):
        failed = api.login(person["email"], "wrong-password")
        assert failed.status_code == 400 and failed.json()["login"] is False
    locked = api.login(person["email"])  # the right password does not help for a minute
    assert locked.status_code == 400
    assert locked.json()["too_many_failed_login_attemps"] is True


def test_inactive_person_cannot_log_in(api):
    person = api.new_person()
    assert api("PUT", f"/data/persons/{person['id']}", json={"active": False}).status_code == 200
    refused = api.login(person["email"])
    assert refused.status_code == 401 and refused.json()["unactive"] is True


def test_change_password(api):
    person = api.new_person()
    token = api.login(person["email"]).json()["access_token"]
    body = {"old_password": PASSWORD, "password": "another-password", "password_2": "another-password"}
    changed = api("POST", "/auth/change-password", token, json=body)
    assert changed.status_code == 200, changed.text
    assert api.login(person["email"], "another-password").status_code == 200
    assert api.login(person["email"]).status_code == 400


def test_bot_gets_a_working_api_token(api):
    bot = api("POST", "/data/persons", json={"first_name": "Flow", "last_name": "Bot", "is_bot": True})
    assert bot.status_code == 201, bot.text
    token = bot.json()["access_token"]
    listed = api("GET", "/data/persons", token)
    assert listed.status_code == 200, listed.text

    renewed = api("PUT", f"/data/persons/{bot.json()['id']}", json={"expiration_date": "2099-01-01"})
    assert renewed.status_code == 200 and renewed.json()["access_token"]
    assert api("GET", "/data/persons", token).status_code == 401
    assert api("GET", "/data/persons", renewed.json()["access_token"]).status_code == 200
