"""API v1, exam day and the CBT: every operation in the schema, refused without a key (401),
with a key of the wrong role (403) and to a candidate (403), answered to the right role; the
lists at a constant number of queries; what each says (filters, cursor, the key hidden from
roles that may not see it, the QTI download audited)."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.accounts.models import StaffRole
from skillcert.api.models import ApiToken
from skillcert.cbt import autosave, delivery
from skillcert.core.models import AuditEntry
from tests.cbt.delivery_factories import START
from tests.factories import CandidateFactory, staff_user

from .exam_factories import exam_office
from .test_v1 import V1, assert_problem, get, key_for

pytestmark = pytest.mark.django_db
R = StaffRole


@pytest.fixture(autouse=True)
def _media_fast_hashing_and_fresh_caches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    autosave.caches_clear()
    yield
    autosave.caches_clear()


@pytest.fixture
def office(frozen_now):
    return exam_office(frozen_now)


# (path built from the data, a role that may, a role that may not)
OPERATIONS = {
    "venues": (lambda d: "/examday/venues", R.VENUE, R.FINANCE),
    "venue": (lambda d: f"/examday/venues/{d.other_venue.pk}", R.ITEM_OFFICER, R.ITEM_WRITER),
    "seats": (lambda d: f"/examday/sittings/{d.session.pk}/seats", R.VENUE, R.REVIEWER),
    "runs": (lambda d: f"/examday/sittings/{d.session.pk}/allocation-runs", R.ITEM_OFFICER, R.FINANCE),
    "registration seats": (
        lambda d: f"/examday/registrations/{d.first.registration_id}/seats", R.VENUE, R.ITEM_REVIEWER),
    "roll calls": (lambda d: f"/examday/sittings/{d.session.pk}/roll-calls", R.VENUE, R.ITEM_OFFICER),
    "items": (lambda d: "/cbt/items", R.ITEM_WRITER, R.VENUE),
    "item": (lambda d: f"/cbt/items/{d.room.form.items.first().version.item_id}", R.ITEM_OFFICER, R.REVIEWER),
    "qti": (lambda d: f"/cbt/items/{d.room.form.items.first().version.item_id}/qti", R.ITEM_REVIEWER,
            R.ITEM_OFFICER),
    "forms": (lambda d: "/cbt/forms", R.ITEM_REVIEWER, R.ITEM_WRITER),
    "form": (lambda d: f"/cbt/forms/{d.room.form.pk}", R.ITEM_OFFICER, R.VENUE),
    "analysis": (lambda d: f"/cbt/forms/{d.room.form.pk}/analysis", R.REVIEWER, R.ITEM_WRITER),
    "attempts": (lambda d: f"/cbt/sittings/{d.session.pk}/attempts", R.VENUE, R.ITEM_REVIEWER),
}  # fmt: skip


def test_every_exam_operation_is_in_the_schema(client):
    paths = client.get(V1 + "/openapi.json").json()["paths"]
    expected = {
        "/examday/venues", "/examday/venues/{venue_id}", "/examday/sittings/{sitting_id}/seats",
        "/examday/sittings/{sitting_id}/allocation-runs", "/examday/registrations/{registration_id}/seats",
        "/examday/sittings/{sitting_id}/roll-calls", "/cbt/items", "/cbt/items/{item_id}",
        "/cbt/items/{item_id}/qti", "/cbt/forms", "/cbt/forms/{form_id}", "/cbt/forms/{form_id}/analysis",
        "/cbt/sittings/{sitting_id}/attempts",
    }  # fmt: skip
    assert {V1 + path for path in expected} <= set(paths)
    assert all(paths[V1 + path]["get"]["security"] for path in expected)
    qti = paths[V1 + "/cbt/items/{item_id}/qti"]["get"]["responses"]["200"]
    assert "application/zip" in qti["content"]


@pytest.mark.parametrize("name", OPERATIONS)
def test_access_to_each_operation(client, office, name):
    path, allowed, refused = OPERATIONS[name]
    url = path(office)
    assert_problem(get(client, url), 401)
    assert_problem(get(client, url, key="not-a-key"), 401)
    assert_problem(get(client, url, key_for(refused)), 403)
    # A candidate: their signed-in session is no API credential, and a key made out to them acts as nobody.
    candidate = office.first.registration.candidate.user
    client.force_login(candidate)
    assert_problem(get(client, url), 401)
    client.logout()
    _token, candidate_key = ApiToken.issue(user=candidate, name="stolen")
    assert_problem(get(client, url, candidate_key), 403)
    # An admin's key scoped to the refused role is refused too; the allowed role answers.
    _token, scoped = ApiToken.issue(user=staff_user(R.ADMIN), name="scoped", role=refused)
    assert_problem(get(client, url, scoped), 403)
    assert get(client, url, key_for(allowed)).status_code == 200


@pytest.mark.parametrize(
    ("name", "role"),
    [("venues", R.VENUE), ("seats", R.VENUE), ("runs", R.VENUE), ("roll calls", R.VENUE), ("items", R.ITEM_WRITER),
     ("forms", R.ITEM_REVIEWER), ("attempts", R.VENUE)],
)  # fmt: skip
def test_exam_lists_run_the_same_queries_whatever_the_page_size(client, office, name, role):
    url, key = OPERATIONS[name][0](office), key_for(role)
    get(client, url, key)  # warm the per-process caches first
    counts = []
    for limit in (1, 200):
        with CaptureQueriesContext(connection) as queries:
            page = get(client, url, key, limit=limit).json()
        counts.append(len(queries))
        if limit == 1:
            assert page["next_cursor"] is not None  # more than one page: the figures compare something
    assert counts[0] == counts[1]
    assert counts[0] <= 7


def test_venues_seats_and_filters(client, office):
    key = key_for(R.VENUE)
    room = office.room.opening.room
    venues = get(client, "/examday/venues", key).json()["items"]
    assert {v["id"]: [r["id"] for r in v["rooms"]] for v in venues}[room.venue_id] == [room.pk]
    kaohsiung = get(client, "/examday/venues", key, region=office.other_venue.region_id).json()["items"]
    assert [v["name"] for v in kaohsiung] == ["高雄考場"]
    url = f"/examday/sittings/{office.session.pk}/seats"
    seats = get(client, url, key).json()["items"]
    assert sorted(s["admission_number"] for s in seats) == sorted(
        a.registration.admission_number for a in (office.first, office.second)
    )
    assert {s["seat"] for s in seats} == {"A01", "A02"}
    assert len(get(client, url, key, room=room.pk).json()["items"]) == 2
    assert get(client, url, key, venue=office.other_venue.pk).json()["items"] == []
    assert get(client, url, key, region=office.other_venue.region_id).json()["items"] == []
    page = get(client, url, key, limit=1).json()
    rest = get(client, url, key, limit=1, cursor=page["next_cursor"]).json()
    assert [s["id"] for s in page["items"] + rest["items"]] == sorted(s["id"] for s in seats)
    assert_problem(get(client, "/examday/sittings/999999/seats", key), 404)
    assert_problem(get(client, url, key, room="A301"), 422)


def test_a_registrations_admission_number_and_seats(client, office):
    registration = office.first.registration
    answer = get(client, f"/examday/registrations/{registration.pk}/seats", key_for(R.ITEM_OFFICER)).json()
    assert answer["admission_number"] == registration.admission_number
    assert answer["admission_number_printed"].replace(" ", "") == registration.admission_number
    assert [(s["period"], s["room"]) for s in answer["seats"]] == [(office.room.period.pk, office.room.opening.room_id)]
    assert_problem(get(client, "/examday/registrations/999999/seats", key_for(R.ITEM_OFFICER)), 404)


def test_roll_call_and_allocation_runs(client, office):
    url = f"/examday/sittings/{office.session.pk}/roll-calls"
    marks = get(client, url, key_for(R.REVIEWER)).json()["items"]
    assert {m["admission_number"]: m["status"] for m in marks} == {
        office.first.registration.admission_number: "present", office.second.registration.admission_number: "absent"
    }  # fmt: skip
    absent = get(client, url, key_for(R.VENUE), status="absent").json()["items"]
    assert [m["registration"] for m in absent] == [office.second.registration_id]
    assert_problem(get(client, url, key_for(R.VENUE), status="asleep"), 422)
    runs = get(client, f"/examday/sittings/{office.session.pk}/allocation-runs", key_for(R.VENUE)).json()["items"]
    assert [r["completed"] for r in runs] == [False, True]
    assert runs[0]["shortfall"] == [{"region": "台北", "need": "accessible", "count": 3}]
    assert runs[1]["seated"] == 2 and runs[1]["admission_numbers_issued"] == 2


def test_items_and_forms_show_the_key_only_to_writers_and_reviewers(client, office):
    question = office.room.form.items.select_related("version__item").first()
    item_url = f"/cbt/items/{question.version.item_id}"
    written = get(client, item_url, key_for(R.ITEM_WRITER)).json()["versions"][0]
    assert written["correct"] == "ABCD"[question.version.correct]
    assert written["stem"] == question.version.stem
    assert get(client, item_url, key_for(R.ITEM_OFFICER)).json()["versions"][0]["correct"] is None
    admin = staff_user(R.ADMIN)
    _token, scoped = ApiToken.issue(user=admin, name="officer only", role=R.ITEM_OFFICER)
    assert get(client, item_url, scoped).json()["versions"][0]["correct"] is None
    listed = get(client, "/cbt/items", key_for(R.ITEM_OFFICER), status="approved").json()["items"]
    assert listed and all(v["correct"] is None for i in listed for v in i["versions"])
    assert get(client, "/cbt/items", key_for(R.ITEM_WRITER), status="draft").json()["items"] == []
    form_url = f"/cbt/forms/{office.room.form.pk}"
    reviewed = get(client, form_url, key_for(R.ITEM_REVIEWER)).json()
    assert reviewed["status"] == "frozen" and reviewed["frozen_at"] and reviewed["questions"] == 5
    assert [q["position"] for q in reviewed["items"]] == [1, 2, 3, 4, 5]
    assert reviewed["items"][0]["correct"] == "ABCD"[question.version.correct]
    assert all(q["correct"] is None for q in get(client, form_url, key_for(R.ITEM_OFFICER)).json()["items"])
    drafts = get(client, "/cbt/forms", key_for(R.ITEM_OFFICER), status="draft").json()["items"]
    assert [f["id"] for f in drafts] == [office.other_form.pk]
    assert_problem(get(client, "/cbt/forms/999999", key_for(R.ITEM_OFFICER)), 404)


def test_attempts_show_progress_and_the_analysis_follows_submission(client, office, frozen_now):
    url = f"/cbt/sittings/{office.session.pk}/attempts"
    rows = {a["id"]: a for a in get(client, url, key_for(R.VENUE)).json()["items"]}
    assert (rows[office.first.pk]["answered"], rows[office.first.pk]["flagged"]) == (2, 1)
    assert rows[office.second.pk]["answered"] == 0 and rows[office.first.pk]["questions"] == 5
    assert rows[office.first.pk]["status"] == "in_progress"
    frozen_now(START + dt.timedelta(minutes=40))
    delivery.attempt_submit(attempt=office.first)
    submitted = get(client, url, key_for(R.ITEM_OFFICER), status="submitted").json()["items"]
    assert [a["id"] for a in submitted] == [office.first.pk]
    assert get(client, url, key_for(R.VENUE), room=office.other_venue.pk + 1000).json()["items"] == []
    report = get(client, f"/cbt/forms/{office.room.form.pk}/analysis", key_for(R.REVIEWER)).json()
    assert report["attempts"] == 1 and [i["position"] for i in report["items"]] == [1, 2, 3, 4, 5]
    assert report["items"][0]["flag_rate"] == 1.0


def test_an_item_as_qti_is_a_zip_with_its_key_and_is_audited(client, office):
    question = office.room.form.items.select_related("version__item").first()
    response = get(client, f"/cbt/items/{question.version.item_id}/qti", key_for(R.ITEM_REVIEWER))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    xml = archive.read(f"items/{question.version.item.code}.xml").decode()
    assert f"<value>{'ABCD'[question.version.correct]}</value>" in xml
    assert AuditEntry.objects.filter(action="cbt.qti_exported", target_id=str(question.version.item_id)).exists()
    candidate_key = ApiToken.issue(user=CandidateFactory().user, name="x")[1]
    assert_problem(get(client, f"/cbt/items/{question.version.item_id}/qti", candidate_key), 403)
