import pytest
from django.urls import reverse

from skillcert.accounts.models import StaffRole, User
from skillcert.registrations import refunds, services
from skillcert.registrations.models import SpecialNeeds
from tests.factories import CandidateFactory, UserFactory, make_session, staff_user
from tests.registrations.factories import pdf_upload, register

pytestmark = pytest.mark.django_db

BANK = {"bank_code": "017", "branch_code": "0012", "account_number": "12345678901", "account_holder": "王小明"}


def test_an_officer_approves_plan_documents_from_the_queue(client):
    registration = register(claimed_plan="disadvantaged", documents=[pdf_upload()])
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    queue = client.get(reverse("backoffice_tools:review_queue")).content.decode()
    assert f"<td>{registration.pk}</td>" in queue
    document = registration.documents.get()
    file = client.get(reverse("backoffice_tools:registration_document", args=["plan", document.pk]))
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    client.post(reverse("backoffice_tools:eligibility_decide", args=[registration.pk]), {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == "awaiting_payment" and registration.amount == 720


def test_refusing_without_a_reason_is_refused_with_a_message(client):
    registration = register(claimed_plan="disadvantaged", documents=[pdf_upload()])
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    response = client.post(
        reverse("backoffice_tools:eligibility_decide", args=[registration.pk]), {"decision": "refuse"}, follow=True
    )
    assert "請填寫不符資格的原因" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "awaiting_review"


def test_an_officer_decides_each_special_needs_item(client):
    registration = register(special_needs={"extra_minutes": 20, "enlarged_paper": True, "document": pdf_upload()})
    needs = SpecialNeeds.objects.get(registration=registration)
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    url = reverse("backoffice_tools:special_needs_decide", args=[needs.pk])
    assert 'name="ground_floor"' not in client.get(url).content.decode()  # only what was asked
    client.post(url, {"approved_minutes": "15", "enlarged_paper": "0", "note": "電腦測驗可自行放大"})
    needs.refresh_from_db()
    assert (needs.approved_minutes, needs.enlarged_paper_approved) == (15, False)
    owner = registration.candidate.user
    client.force_login(owner)
    page = client.get(reverse("portal:registration_detail", args=[registration.pk])).content.decode()
    assert "同意延長 15 分鐘" in page and "不同意" in page


def test_finance_decides_a_refund_and_records_the_payment(client):
    registration = register()
    services.registration_mark_paid(registration=registration)
    refund = refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)
    client.force_login(staff_user(StaffRole.FINANCE))
    url = reverse("backoffice_tools:refund_decide", args=[refund.pk])
    assert "12345678901" in client.get(url).content.decode()
    client.post(url, {"decision": "approve", "amount": "", "note": ""})
    client.post(url, {"amount": "1600", "paid_on": "2026-11-30"})
    refund.refresh_from_db()
    registration.refresh_from_db()
    assert (refund.status, refund.refunded_amount, registration.status) == ("paid", 1600, "refunded")


def test_an_officer_changes_subjects_before_the_deadline(client):
    session = make_session()
    registration = register(session=session, numbers=(1, 2))
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    third = session.level.subjects.get(number=3)
    first = session.level.subjects.get(number=1)
    client.post(
        reverse("backoffice_tools:registration_edit", args=[registration.pk]),
        {"subjects": [first.pk, third.pk], "national_id": registration.candidate.national_id, "reason": "來電更改"},
    )
    registration.refresh_from_db()
    assert registration.amount == 2900


@pytest.mark.parametrize(
    ("name", "args"),
    [("review_queue", []), ("refund_queue", []), ("registration_edit", None), ("special_needs_decide", None)],
)
def test_only_the_right_staff_role_gets_in(client, name, args):
    registration = register(special_needs={"ground_floor": True, "document": pdf_upload()})
    args = args if args is not None else [SpecialNeeds.objects.get().pk if "special" in name else registration.pk]
    url = reverse(f"backoffice_tools:{name}", args=args)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous.url
    for user in (CandidateFactory().user, UserFactory(kind=User.Kind.COORDINATOR), staff_user(StaffRole.VENUE)):
        client.force_login(user)
        assert client.get(url).status_code == 403
    role = StaffRole.FINANCE if name == "refund_queue" else StaffRole.ITEM_OFFICER
    client.force_login(staff_user(role))
    assert client.get(url).status_code == 200


def test_the_admin_lists_registrations_read_only(client):
    registration = register()
    admin = staff_user(is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("backoffice:registrations_registration_changelist"))
    assert listing.status_code == 200 and registration.candidate.name_zh in listing.content.decode()
    change = client.post(
        reverse("backoffice:registrations_registration_change", args=[registration.pk]), {"status": "paid"}
    )
    assert change.status_code == 403
    registration.refresh_from_db()
    assert registration.status == "awaiting_payment"
