"""Owner auth, refresh rotation, lockout and throttling; device credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import psycopg

from dukan_server import testing
from dukan_server import testing_records as tr


def login(http, identifier, password, ip="10.0.0.1"):
    return http.post("/v1/auth/login", json={"identifier": identifier, "password": password},
                     headers={"X-Forwarded-For": ip})


def test_signup_keeps_client_ids_and_rejects_duplicates(http):
    business_id = tr.new_id()
    owner = testing.create_business_with_owner(http.base_url.__str__().rstrip("/"),
                                               business_id=business_id)
    assert owner["business_id"] == business_id
    again = http.post("/v1/auth/signup", json={"business_name": "X", "password": "long enough",
                                               "email": owner["email"]})
    assert again.status_code == 409
    same_id = http.post("/v1/auth/signup", json={"business_name": "X", "password": "long enough",
                                                 "email": "new@example.pk",
                                                 "business_id": business_id})
    assert same_id.status_code == 409
    outlet_id = tr.new_id()
    outlet = http.post("/v1/outlets", json={"id": outlet_id, "name": "Main", "code": "main"},
                       headers={"Authorization": f"Bearer {owner['access_token']}"})
    assert outlet.status_code == 201 and outlet.json()["id"] == outlet_id
    assert outlet.json()["code"] == "MAIN"


def test_login_with_email_or_phone(http):
    base = str(http.base_url).rstrip("/")
    owner = testing.create_business_with_owner(base, phone="+92 300 1234567",
                                               password="phone pass 1")
    assert login(http, "+923001234567", "phone pass 1").status_code == 200
    other = testing.create_business_with_owner(base)
    ok = login(http, other["email"].upper(), other["password"])
    assert ok.status_code == 200 and ok.json()["business_id"] == other["business_id"]
    assert owner["business_id"] != other["business_id"]


def test_lockout_after_repeated_failures(http, tenant):
    for _ in range(5):
        assert login(http, tenant.email, "wrong password", ip="10.0.0.2").status_code == 401
    locked = login(http, tenant.email, tenant.password, ip="10.0.0.2")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert locked.json()["error"]["code"] == "account_locked"


def test_per_address_throttle(http):
    for i in range(30):
        login(http, f"nobody{i}@example.pk", "x", ip="10.9.9.9")
    blocked = login(http, "nobody@example.pk", "x", ip="10.9.9.9")
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert login(http, "nobody@example.pk", "x", ip="10.9.9.10").status_code == 401


def test_refresh_rotates_and_reuse_revokes_the_family(http, tenant):
    first = http.post("/v1/auth/refresh", json={"refresh_token": tenant.refresh_token})
    assert first.status_code == 200
    second = first.json()["refresh_token"]
    reuse = http.post("/v1/auth/refresh", json={"refresh_token": tenant.refresh_token})
    assert reuse.status_code == 401 and reuse.json()["error"]["code"] == "refresh_reused"
    # The thief's reuse also kills the legitimate holder's newer token.
    assert http.post("/v1/auth/refresh", json={"refresh_token": second}).status_code == 401


def test_logout_revokes(http, tenant):
    assert http.post("/v1/auth/logout",
                     json={"refresh_token": tenant.refresh_token}).status_code == 204
    assert http.post("/v1/auth/refresh",
                     json={"refresh_token": tenant.refresh_token}).status_code == 401


def test_tampered_expired_and_foreign_tokens_are_401(http, tenant):
    good = tenant.owner_token
    assert http.get("/v1/me", headers=tenant.owner()).status_code == 200
    tampered = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    claims = jwt.decode(good, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": datetime.now(UTC) - timedelta(seconds=5)},
                         testing.TEST_JWT_SECRET, algorithm="HS256")
    foreign = jwt.encode(claims, "another-secret-" + "y" * 40, algorithm="HS256")
    unsigned = jwt.encode(claims, None, algorithm="none")
    for token in (tampered, expired, foreign, unsigned, "x", "garbage"):
        response = http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
    assert http.get("/v1/me").status_code == 401
    # Credentials of one kind do not open the other kind's endpoints.
    assert http.get("/v1/me", headers=tenant.device()).status_code == 401
    assert http.get("/v1/device", headers=tenant.owner()).status_code == 401
    expired_response = http.get("/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert expired_response.json()["error"]["code"] == "token_expired"


def test_device_token_tampered_or_revoked(http, tenant):
    token = tenant.devices[0]["device_token"]
    assert http.get("/v1/device", headers=tenant.device()).status_code == 200
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    assert http.get("/v1/device",
                    headers={"Authorization": f"Bearer {tampered}"}).status_code == 401
    device_id = tenant.devices[0]["device_id"]
    assert http.post(f"/v1/devices/{device_id}/revoke",
                     headers=tenant.owner()).status_code == 204
    assert http.get("/v1/device", headers=tenant.device()).status_code == 401
    push = http.post("/v1/sync/push", json=tr.batch(device_id, []), headers=tenant.device())
    assert push.status_code == 401
    pull = http.get("/v1/sync/pull", params={"collection": "outlets"}, headers=tenant.device())
    assert pull.status_code == 401
    listed = {d["device_id"]: d for d in http.get("/v1/devices", headers=tenant.owner()).json()}
    assert listed[device_id]["revoked_at"] is not None


def test_reregistering_a_device_keeps_id_and_number_and_rotates_token(http, tenant):
    dev = tenant.devices[0]
    again = http.post("/v1/devices", json={"outlet_id": dev["outlet_id"],
                                           "device_id": dev["device_id"]},
                      headers=tenant.owner())
    assert again.status_code == 201
    assert again.json()["number"] == dev["number"]
    assert http.get("/v1/device", headers=tenant.device()).status_code == 401
    fresh = {"Authorization": f"Bearer {again.json()['device_token']}"}
    assert http.get("/v1/device", headers=fresh).status_code == 200


def test_signup_is_throttled_per_address(pg_db):
    """The session server lifts the limit (tests sign up many shops from one address):
    this one keeps a small one."""
    with testing.run_server_process(pg_db.app_url, env={
            "DUKAN_SIGNUP_MAX_PER_ADDRESS": "3", "DUKAN_TRUST_FORWARDED_FOR": "1"}) as server:
        def signup(ip: str, email: str):
            return httpx.post(server.url + "/v1/auth/signup", timeout=30,
                              headers={"X-Forwarded-For": ip},
                              json={"business_name": "Spam", "password": "long enough 1",
                                    "email": email})
        taken = f"a-{tr.new_id()}@example.pk"
        assert signup("10.5.5.5", taken).status_code == 201
        # A refused sign-up (the email is taken) counts as an attempt too.
        assert signup("10.5.5.5", taken).status_code == 409
        assert signup("10.5.5.5", f"b-{tr.new_id()}@example.pk").status_code == 201
        blocked = signup("10.5.5.5", f"c-{tr.new_id()}@example.pk")
        assert blocked.status_code == 429, blocked.text
        assert blocked.json()["error"]["code"] == "too_many_signups"
        assert 3000 < int(blocked.headers["Retry-After"]) <= 3601
        assert signup("10.5.5.6", f"d-{tr.new_id()}@example.pk").status_code == 201


def test_a_locked_account_is_revealed_only_to_its_password(http, tenant):
    """While locked, a wrong password gets exactly what an unknown account gets; only the
    right password learns about the lock (and still gets no tokens)."""
    for _ in range(5):
        assert login(http, tenant.email, "wrong password", ip="10.0.3.1").status_code == 401
    wrong = login(http, tenant.email, "still wrong", ip="10.0.3.2")
    nobody = login(http, "nobody-at-all@example.pk", "still wrong", ip="10.0.3.2")
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()
    assert "Retry-After" not in wrong.headers
    right = login(http, tenant.email, tenant.password, ip="10.0.3.3")
    assert right.status_code == 429 and right.json()["error"]["code"] == "account_locked"
    assert "access_token" not in right.text


def test_an_expired_refresh_token_is_401(http, tenant, pg_db):
    with psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                         autocommit=True) as admin:
        admin.execute("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'"
                      " WHERE business_id = %s", (tenant.business_id,))
    response = http.post("/v1/auth/refresh", json={"refresh_token": tenant.refresh_token})
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "invalid_token", "message": "the refresh token has expired or was revoked"}
