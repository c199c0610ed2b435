"""The pure rules of auth: passwords, lockout, login origin, API token lifetime, reset tokens,
second factors and recovery codes, presence logs."""
import datetime
import time

import pyotp
import pytest

from services.auth.domain import Person
from services.auth.rules.api_tokens import token_lifetime
from services.auth.rules.logins import (LOCK_AFTER_FAILURES, LOCK_DURATION, failures_after_one_more,
                                        is_locked, login_origin)
from services.auth.rules.passwords import check_password, hash_password, password_problem
from services.auth.rules.presence import month_of, presence_table
from services.auth.rules.reset_tokens import (TOKEN_ALPHABET, TOKEN_LENGTH, digest, new_reset_token,
                                              reset_token_accepted)
from services.auth.rules.second_factors import (RECOVERY_CODE_LENGTH, RECOVERY_CODES, code_generator,
                                                code_matches, disabling, enabled_methods, given_factors,
                                                matching_code, matching_recovery_code,
                                                new_recovery_codes)

NOW = datetime.datetime(2026, 3, 10, 12, 0, 0)
UTC = datetime.timezone.utc


# -- passwords --------------------------------------------------------------------------------------
def test_a_password_matches_only_its_own_hash():
    hashed = hash_password("correct horse", rounds=4)
    assert hashed != "correct horse"
    assert check_password("correct horse", hashed)
    assert not check_password("correct horsE", hashed)
    assert not check_password("correct horse", None)  # no person: never matches


def test_passwords_are_compared_on_their_first_72_bytes_as_bcrypt_reads_them():
    hashed = hash_password("x" * 72, rounds=4)
    assert check_password("x" * 72 + "anything", hashed)


def test_short_passwords_are_refused():
    assert password_problem("1234567", min_length=8) == "Password is too short."
    assert password_problem("12345678", min_length=8) is None


# -- logins -----------------------------------------------------------------------------------------
def test_the_lock_needs_enough_recent_failures():
    recent = NOW - LOCK_DURATION + datetime.timedelta(seconds=1)
    assert is_locked(LOCK_AFTER_FAILURES, recent, NOW)
    assert not is_locked(LOCK_AFTER_FAILURES - 1, recent, NOW)
    assert not is_locked(LOCK_AFTER_FAILURES, NOW - LOCK_DURATION, NOW)  # expired
    assert not is_locked(None, None, NOW)
    assert not is_locked(LOCK_AFTER_FAILURES, None, NOW)


def test_failures_count_again_from_zero_once_the_lock_expired():
    assert failures_after_one_more(None, None, NOW) == 1
    assert failures_after_one_more(2, NOW, NOW) == 3
    assert failures_after_one_more(LOCK_AFTER_FAILURES, NOW - LOCK_DURATION, NOW) == 1
    assert failures_after_one_more(LOCK_AFTER_FAILURES, NOW, NOW) == LOCK_AFTER_FAILURES + 1
    # a few old failures, below the lock, still count
    assert failures_after_one_more(2, NOW - 10 * LOCK_DURATION, NOW) == 3


def test_a_login_comes_from_the_web_or_a_script():
    assert login_origin("Mozilla/5.0 (X11; Linux x86_64)") == "web"
    assert login_origin("python-requests/2.31") == "script"
    assert login_origin(None) == "script"


# -- API tokens -------------------------------------------------------------------------------------
def test_api_tokens_last_until_the_end_of_their_expiration_day():
    at = datetime.datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    assert token_lifetime("2026-03-10", at) == datetime.timedelta(hours=6)
    assert token_lifetime("2026-03-11", at) == datetime.timedelta(hours=30)
    assert token_lifetime(None, at) is False
    assert token_lifetime("", at) is False


# -- reset tokens -----------------------------------------------------------------------------------
def test_reset_tokens_are_long_random_and_kept_as_a_digest():
    token = new_reset_token()
    assert len(token) == TOKEN_LENGTH and set(token) <= set(TOKEN_ALPHABET)
    assert new_reset_token() != token
    assert digest(token) == digest(token) != digest(token[:-1])
    assert token not in digest(token)


def test_a_reset_token_is_accepted_only_before_it_expires_and_only_itself():
    token = new_reset_token()
    pending = {"hash": digest(token), "expires_at": (NOW + datetime.timedelta(hours=2)).isoformat()}
    assert reset_token_accepted(pending, token, NOW)
    assert reset_token_accepted(pending, token, NOW + datetime.timedelta(hours=2))
    assert not reset_token_accepted(pending, token, NOW + datetime.timedelta(hours=2, seconds=1))
    assert not reset_token_accepted(pending, new_reset_token(), NOW)
    assert not reset_token_accepted(None, token, NOW)


# -- second factors ---------------------------------------------------------------------------------
def test_given_factors_are_the_non_empty_known_ones_as_strings():
    assert given_factors({"totp": 123456, "email_otp": "", "recovery_code": None, "x": "1"}) == {"totp": "123456"}
    assert given_factors(None) == {}


def test_totp_codes_match_their_own_secret():
    secret, other = pyotp.random_base32(), pyotp.random_base32()
    totp_code = pyotp.TOTP(secret).now()
    assert code_matches("totp", secret, totp_code)
    assert not code_matches("totp", other, totp_code)
    assert not code_matches("totp", None, totp_code) and not code_matches("totp", secret, "")


def test_email_codes_last_five_minutes():
    secret = pyotp.random_base32()
    generator = code_generator("email_otp", secret)
    sent_at = time.time()
    code = generator.at(sent_at)
    assert code_matches("email_otp", secret, code)
    assert code_matches("email_otp", secret, code, at=sent_at + 290)
    assert not code_matches("email_otp", secret, code, at=sent_at + 420)


def test_a_code_counts_only_for_an_enabled_method():
    secret = pyotp.random_base32()
    given = {"totp": pyotp.TOTP(secret).now()}
    assert matching_code({"totp_enabled": True, "totp_secret": secret}, given)
    assert not matching_code({"totp_enabled": False, "totp_secret": secret}, given)
    assert not matching_code({"email_otp_enabled": True, "email_otp_secret": secret}, given)


def test_recovery_codes_are_sixteen_and_match_their_hash_in_any_case():
    codes, hashes = new_recovery_codes(4)
    assert len(codes) == len(hashes) == RECOVERY_CODES and len(set(codes)) == RECOVERY_CODES
    assert all(len(code) == RECOVERY_CODE_LENGTH for code in codes)
    assert matching_recovery_code(codes[3], hashes) == hashes[3]
    assert matching_recovery_code(f"  {codes[5].lower()} ", hashes) == hashes[5]
    assert matching_recovery_code("NOPE", hashes) is None
    assert matching_recovery_code("", hashes) is None and matching_recovery_code(codes[0], None) is None


def test_a_person_uses_up_a_recovery_code():
    codes, hashes = new_recovery_codes(4)
    person = Person.create({"totp_enabled": True, "otp_recovery_codes": hashes})
    assert person.use_second_factor({"recovery_code": codes[0]})
    assert person.fields["otp_recovery_codes"] == hashes[1:]
    assert not person.use_second_factor({"recovery_code": codes[0]})  # single use
    assert not person.use_second_factor({})


def test_disabling_falls_back_to_the_next_method_in_zous_order():
    fields = {"totp_enabled": True, "email_otp_enabled": True,
              "preferred_two_factor_authentication": "totp"}
    assert enabled_methods(fields) == ["totp", "email_otp"]
    assert disabling(fields, ["totp"]) == {"totp_enabled": False, "totp_secret": None,
                                           "preferred_two_factor_authentication": "email_otp"}
    # the preferred method stays when another one goes
    assert disabling(fields, ["email_otp"]) == {"email_otp_enabled": False, "email_otp_secret": None}


def test_disabling_the_last_method_drops_the_recovery_codes():
    fields = {"email_otp_enabled": True, "preferred_two_factor_authentication": "email_otp"}
    changes = disabling(fields, ["totp", "email_otp", "fido"])
    assert changes["otp_recovery_codes"] is None
    assert changes["preferred_two_factor_authentication"] is None
    assert not any(changes[f"{m}_enabled"] for m in ("totp", "email_otp", "fido"))


# -- presence logs ----------------------------------------------------------------------------------
def test_a_month_is_its_first_day_and_length():
    assert month_of("2024-02") == (datetime.datetime(2024, 2, 1), 29)
    assert month_of("2026-12-05") == (datetime.datetime(2026, 12, 1), 31)
    for bad in ("2026-13", "2026", "feb", "0-01"):
        with pytest.raises(ValueError):
            month_of(bad)


def test_the_presence_table_marks_the_days_seen():
    rows = presence_table(datetime.datetime(2026, 2, 1), 3, ["Ann Lee", "Bob"], [{2}, set()])
    assert rows == [["2026", "1", "2", "3"], ["Ann Lee", "", "X", ""], ["Bob", "", "", ""]]
