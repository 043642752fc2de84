"""Owner auth, refresh rotation, lockout and throttling; device credentials."""

from __future__ import annotations

import threading
import uuid
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


LOCKED = {"error": {"code": "login_locked",
                    "message": "too many failed logins with this email or phone; try again later"}}


def test_a_locked_identifier_refuses_every_password_even_the_right_one(http, tenant):
    for _ in range(5):
        assert login(http, tenant.email, "wrong password", ip="10.0.0.2").status_code == 401
    for password in (tenant.password, "wrong password", tenant.password):
        locked = login(http, tenant.email, password, ip="10.0.0.2")
        assert locked.status_code == 429 and locked.json() == LOCKED
        assert 890 <= int(locked.headers["Retry-After"]) <= 901
        assert "access_token" not in locked.text
    # Identifiers are normalised: the same email in capitals is under the same lock.
    assert login(http, tenant.email.upper(), tenant.password, ip="10.0.0.3").status_code == 429


def _answers(http, identifier: str, passwords: list[str], ip: str) -> list[tuple]:
    out = []
    for password in passwords:
        r = login(http, identifier, password, ip=ip)
        out.append((r.status_code, r.json(), "Retry-After" in r.headers))
    return out


def test_an_unknown_identifier_locks_exactly_like_a_known_one(http, tenant):
    """Same statuses, bodies and headers in the same sequence, so the answers never
    tell whether an account exists; the known one's right password included."""
    passwords = ["wrong 1", "wrong 2", "wrong 3", "wrong 4", "wrong 5", tenant.password,
                 "wrong 6", tenant.password]
    known = _answers(http, tenant.email, passwords, ip="10.0.4.1")
    unknown = _answers(http, f"nobody-{tr.new_id()}@example.pk", passwords, ip="10.0.4.2")
    phone = _answers(http, "+92 300 " + str(uuid.uuid4().int % 10**7).zfill(7), passwords,
                     ip="10.0.4.3")
    assert known == unknown == phone
    assert [a[0] for a in known] == [401] * 5 + [429] * 3
    assert known[0][1] == {"error": {"code": "invalid_credentials",
                                     "message": "wrong identifier or password"}}


def test_after_the_lock_the_right_password_works_and_the_count_restarts(http, tenant, pg_db):
    unknown = f"nobody-{tr.new_id()}@example.pk"
    for identifier in (tenant.email, unknown):
        for _ in range(5):
            assert login(http, identifier, "wrong", ip="10.0.5.1").status_code == 401
        assert login(http, identifier, tenant.password, ip="10.0.5.1").status_code == 429
    with psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                         autocommit=True) as admin:  # fifteen minutes later
        admin.execute("UPDATE auth_throttle SET locked_until = now() - interval '1 second',"
                      " window_start = window_start - interval '15 minutes'"
                      " WHERE key = ANY(%s)", ([f"login:{tenant.email}", f"login:{unknown}"],))
    # A fresh count after the lock: four failures do not lock it again.
    for identifier in (tenant.email, unknown):
        for _ in range(4):
            assert login(http, identifier, "wrong", ip="10.0.5.2").status_code == 401
    ok = login(http, tenant.email, tenant.password, ip="10.0.5.2")
    assert ok.status_code == 200 and ok.json()["business_id"] == tenant.business_id
    # The right password cleared the count: five more failures before a lock.
    for _ in range(4):
        assert login(http, tenant.email, "wrong", ip="10.0.5.3").status_code == 401
    assert login(http, tenant.email, tenant.password, ip="10.0.5.3").status_code == 200
    assert [login(http, unknown, "wrong", ip="10.0.5.3").status_code for _ in range(2)] == [
        401, 429]


def test_concurrent_guesses_get_no_more_checks_than_the_limit(http, tenant, server):
    """Each attempt is counted before its password is checked, under the row's lock."""
    barrier = threading.Barrier(10)
    codes: list[int] = []

    def guess(i: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            barrier.wait()
            codes.append(login(client, tenant.email, f"guess {i}", ip=f"10.0.6.{i}").status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [401] * 5 + [429] * 5


def test_per_address_throttle(http, tenant):
    for i in range(30):
        login(http, f"nobody{i}@example.pk", "x", ip="10.9.9.9")
    blocked = login(http, "nobody@example.pk", "x", ip="10.9.9.9")
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert blocked.json()["error"]["code"] == "too_many_attempts"
    # The address is blocked whatever it tries, the right password too; others are not.
    assert login(http, tenant.email, tenant.password, ip="10.9.9.9").status_code == 429
    assert login(http, "nobody@example.pk", "x", ip="10.9.9.10").status_code == 401
    assert login(http, tenant.email, tenant.password, ip="10.9.9.10").status_code == 200


def test_attempts_on_a_locked_identifier_count_for_the_address(http):
    """A locked identifier answers without checking the password; those attempts still
    use up the address's allowance."""
    identifier = f"nobody-{tr.new_id()}@example.pk"
    codes = [login(http, identifier, "x", ip="10.9.8.7").status_code for _ in range(31)]
    assert codes == [401] * 5 + [429] * 26
    blocked = login(http, identifier, "x", ip="10.9.8.7")
    assert blocked.json()["error"]["code"] == "too_many_attempts"


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


def test_an_expired_refresh_token_is_401(http, tenant, pg_db):
    with psycopg.connect(pg_db.admin_url.rsplit("/", 1)[0] + "/" + pg_db.name,
                         autocommit=True) as admin:
        admin.execute("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'"
                      " WHERE business_id = %s", (tenant.business_id,))
    response = http.post("/v1/auth/refresh", json={"refresh_token": tenant.refresh_token})
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "invalid_token", "message": "the refresh token has expired or was revoked"}
