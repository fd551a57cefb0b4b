"""API v1 over HTTP: the OpenAPI 3.1 schema and the docs page, keys and roles, RFC 9457
problems for every refusal, each endpoint, and list endpoints at a constant number of queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from skillcert.accounts.models import StaffRole
from skillcert.api import v1
from skillcert.api.models import ApiToken, hash_key
from skillcert.catalog.models import Level
from skillcert.payments.models import CreditStatus
from skillcert.registrations.models import Registration
from skillcert.scoring.evaluation import session_evaluate
from tests.factories import staff_user
from tests.reports.factories import office

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
PROBLEM = "application/problem+json"


def key_for(*roles) -> str:
    _token, key = ApiToken.issue(user=staff_user(*roles), name="test")
    return key


def get(client, path, key=None, **params):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(V1 + path, params, headers=headers)


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and "type" in body


def test_the_schema_is_openapi_3_1_and_the_docs_page_needs_no_cdn(client):
    schema = client.get(V1 + "/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    operations = [(method, path) for path, methods in schema["paths"].items() for method in methods]
    assert ("get", "/api/v1/registrations") in operations
    html = client.get(V1 + "/docs").content.decode()
    assert "/api/v1/registrations" in html
    assert "cdn" not in html.lower() and "<script" not in html


def test_keys_and_roles(client):
    office()
    assert_problem(get(client, "/registrations"), 401)
    missing = get(client, "/registrations")
    assert missing["WWW-Authenticate"].startswith("Bearer")
    assert_problem(get(client, "/registrations", key="not-a-key"), 401)
    assert_problem(get(client, "/registrations", key=key_for(StaffRole.FINANCE)), 403)
    assert get(client, "/registrations", key=key_for(StaffRole.ITEM_OFFICER)).status_code == 200
    assert get(client, "/registrations", key=key_for(StaffRole.ADMIN)).status_code == 200


def test_registrations_filter_and_page_with_a_cursor(client):
    data = office()
    key = key_for(StaffRole.ITEM_OFFICER)
    seen, cursor = [], None
    while True:
        page = get(client, "/registrations", key, limit=1, **({"cursor": cursor} if cursor else {})).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(Registration.objects.order_by("pk").values_list("pk", flat=True))
    south = get(client, "/registrations", key, region=data.south.pk).json()["items"]
    assert [item["region"] for item in south] == ["高雄"]
    one = get(client, f"/registrations/{seen[0]}", key).json()
    assert one["id"] == seen[0]
    assert_problem(get(client, "/registrations/999999", key), 404)
    assert_problem(get(client, "/registrations", key, limit="many"), 422)


@pytest.mark.parametrize(
    ("path", "role"),
    [("/registrations", StaffRole.ITEM_OFFICER), ("/payments/exceptions", StaffRole.FINANCE),
     ("/certificates", StaffRole.REVIEWER), ("/catalog/sittings", None)],
)  # fmt: skip
def test_lists_run_the_same_queries_whatever_the_page_size(client, path, role):
    office()
    office(rank=Level.Rank.INTERMEDIATE)  # a second sitting's rows: more than one page at limit=1
    key = key_for(role) if role else None
    get(client, path, key)  # warm the per-process caches first
    counts = []
    for limit in (1, 200):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, path, key, limit=limit).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 6


@pytest.mark.parametrize(
    ("path", "role"),
    [("/payments/bank-files", StaffRole.FINANCE), ("/payments/bank-files/{batch}/credits", StaffRole.FINANCE),
     ("/scoring/sessions/{session}/scores", StaffRole.REVIEWER)],
)  # fmt: skip
def test_the_other_lists_run_the_same_queries_whatever_the_page_size(client, path, role):
    data = office()
    office(rank=Level.Rank.INTERMEDIATE)  # a second bank file
    url, key = path.format(batch=data.credits[0].batch_id, session=data.session.pk), key_for(role)
    get(client, url, key)
    counts = []
    for limit in (1, 200):
        with CaptureQueriesContext(connection) as queries:
            page = get(client, url, key, limit=limit).json()
        counts.append(len(queries))
        assert limit == 200 or page["next_cursor"] is not None  # two pages at limit=1: the counts compare something
    assert counts[0] == counts[1] <= 6


def test_the_exception_queue_and_certificates(client):
    data = office()
    queue = get(client, "/payments/exceptions", key_for(StaffRole.FINANCE)).json()["items"]
    assert [item["id"] for item in queue] == [c.pk for c in data.credits if c.status == CreditStatus.EXCEPTION]
    certificates = get(client, "/certificates", key_for(StaffRole.REVIEWER)).json()["items"]
    assert len(certificates) == 1


def test_public_catalogue_shows_seats(client):
    data = office()
    (sitting,) = [s for s in get(client, "/catalog/sittings").json() if s["id"] == data.session.pk]
    assert sitting["available"] == sitting["capacity"] - sitting["held"]


def test_public_verification_answers_and_is_rate_limited(client):
    office()
    answer = get(client, "/certificates/verify", number="nope", name="someone").json()
    assert answer["found"] is False
    for _ in range(40):
        response = get(client, "/certificates/verify", number="nope", name="someone")
    assert_problem(response, 429)


def test_uploads_refuse_bad_files_with_a_problem(client):
    data = office()
    finance = {"Authorization": f"Bearer {key_for(StaffRole.FINANCE)}"}
    bad = SimpleUploadedFile("bank.txt", b"this is not a bank file\n")
    response = client.post(V1 + "/payments/bank-files", {"file": bad}, headers=finance)
    assert_problem(response, 400)
    officer = {"Authorization": f"Bearer {key_for(StaffRole.ITEM_OFFICER)}"}
    subject = data.session.level.subjects.first()
    url = f"{V1}/scoring/sessions/{data.session.pk}/subjects/{subject.pk}/scores"
    response = client.post(url, {"file": SimpleUploadedFile("s.csv", b"\x00\x01")}, headers=officer)
    assert_problem(response, 400)
    wrong_kind = client.post(url[: -len("scores")] + "poems", {"file": bad}, headers=officer)
    assert_problem(wrong_kind, 422)
    outcomes = client.get(f"{V1}/scoring/sessions/{data.session.pk}/outcomes", headers=officer).json()
    assert outcomes["session"] == data.session.pk


def test_keys_expire_are_revoked_and_keep_to_their_role(client):
    office()
    officer = staff_user(StaffRole.ITEM_OFFICER, StaffRole.FINANCE)
    token, key = ApiToken.issue(user=officer, name="scoped", role=StaffRole.FINANCE)
    assert_problem(get(client, "/registrations", key), 403)  # the key is finance's only
    assert get(client, "/payments/exceptions", key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.expires_at = timezone.now() - dt.timedelta(minutes=1)
    token.save()
    assert_problem(get(client, "/payments/exceptions", key), 401)
    token.expires_at = None
    token.revoked_at = timezone.now()
    token.save()
    assert_problem(get(client, "/payments/exceptions", key), 401)


def test_the_back_office_issues_and_revokes_keys(client):
    admin = staff_user(StaffRole.ADMIN, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/backoffice/api/apitoken/add/", {"user": admin.pk, "name": "ci", "role": StaffRole.FINANCE}, follow=True
    )
    token = ApiToken.objects.get(name="ci")
    (shown,) = [str(m) for m in response.context["messages"] if "只顯示這一次" in str(m)]
    key = shown.rsplit("：", 1)[1]
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    client.post("/backoffice/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert_problem(get(client, "/payments/exceptions", key), 401)


def test_a_multipart_body_without_boundary_is_a_problem_not_a_500(client):
    """Found by `make fuzz` (schemathesis ST102): the parser's error answered 500."""
    finance = {"Authorization": f"Bearer {key_for(StaffRole.FINANCE)}"}
    response = client.generic("POST", V1 + "/payments/bank-files", b"x", "multipart/form-data", headers=finance)
    assert_problem(response, 400)


def test_the_read_operations(client):
    data = office()
    finance, officer = key_for(StaffRole.FINANCE), key_for(StaffRole.ITEM_OFFICER)
    assert any(item["code"] == "SPE" for item in get(client, "/catalog/items").json())
    assert get(client, "/catalog/levels").json() and get(client, "/catalog/regions").json()
    assert get(client, f"/catalog/sittings/{data.session.pk}").json()["id"] == data.session.pk
    assert_problem(get(client, "/catalog/sittings/999999"), 404)
    batch = data.credits[0].batch_id
    assert get(client, f"/payments/bank-files/{batch}", finance).json()["batch"] == batch
    assert get(client, "/payments/bank-files", finance).json()["items"][0]["batch"] == batch
    lines = get(client, f"/payments/bank-files/{batch}/credits", finance).json()["items"]
    assert sorted(line["id"] for line in lines) == sorted(c.pk for c in data.credits)
    assert get(client, f"/payments/credits/{data.credits[0].pk}", finance).json()["amount"] == data.credits[0].amount
    assert_problem(get(client, f"/payments/credits/{data.credits[0].pk}", officer), 403)
    scores = get(client, f"/scoring/sessions/{data.session.pk}/scores", officer).json()["items"]
    assert len(scores) == sum(len(marks) for marks in data.scores.values())
    assert_problem(get(client, "/scoring/imports/999999", officer), 404)
    assert_problem(get(client, "/registrations", officer, region=2**40), 422)


def test_every_error_under_v1_is_a_problem(client, monkeypatch):
    """A method the path lacks (405, with Allow), a path v1 lacks (404) and a fault of ours (500,
    logged) answer RFC 9457 problems like every refusal; the docs page is still served."""
    refused = client.delete(V1 + "/registrations")
    assert_problem(refused, 405)
    assert "GET" in refused["Allow"]
    assert_problem(client.post(V1 + "/catalog/items"), 405)
    assert_problem(client.get(V1 + "/no/such/thing"), 404)
    assert client.get(V1 + "/docs").status_code == 200

    def broken(**lookups):
        raise RuntimeError("a bug")

    monkeypatch.setattr(v1, "sittings_with_seats", broken)
    failed = client.get(V1 + "/catalog/sittings")
    assert_problem(failed, 500)
    assert "a bug" not in failed.content.decode()


def test_a_sittings_results_and_their_summary_agree(client):
    data = office()
    office(rank=Level.Rank.INTERMEDIATE)  # another sitting's candidates: not in this one's results
    session_evaluate(session=data.session)
    key = key_for(StaffRole.REVIEWER)
    url = f"/scoring/sessions/{data.session.pk}/results"
    results = get(client, url, key).json()["items"]
    assert sorted(r["candidate"] for r in results) == sorted(data.scores)
    certified = [r for r in results if r["certified"]]
    assert certified and all(r["path"] and not r["missing"] for r in certified)
    assert [r["id"] for r in get(client, url, key, certified=True).json()["items"]] == [r["id"] for r in certified]
    summary = get(client, f"/scoring/sessions/{data.session.pk}/outcomes", key).json()
    assert summary["evaluated"] == len(results)
    assert summary["certified"] == sum(r["certified_in"] == data.session.pk and not r["already_certified"]
                                       for r in certified)  # fmt: skip
    counts = []
    for limit in (1, 200):
        with CaptureQueriesContext(connection) as queries:
            page = get(client, url, key, limit=limit).json()
        counts.append(len(queries))
        assert limit == 200 or page["next_cursor"] is not None
    assert counts[0] == counts[1] <= 6
    assert_problem(get(client, "/scoring/sessions/999999/results", key), 404)
    assert_problem(get(client, url, key_for(StaffRole.FINANCE)), 403)
    assert_problem(get(client, url), 401)
