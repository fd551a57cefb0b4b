import datetime as dt

import pytest

from skillcert.core.audit import history
from skillcert.groups.errors import GroupError
from skillcert.groups.models import Invoice
from skillcert.groups.remittances import RemittanceGap, remittance_record
from skillcert.groups.selectors import amount_due
from skillcert.groups.upload import upload_apply
from skillcert.registrations.models import Registration, RegistrationStatus
from tests.factories import StaffRole, staff_user
from tests.groups.factories import make_sitting, rows_for, valid_national_id, xlsx_file

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 20)


@pytest.fixture
def sitting():
    sitting = make_sitting()
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(4)), actor=None)
    return sitting


def statuses(sitting):
    return sorted(Registration.objects.filter(group_sitting=sitting).values_list("status", flat=True))


def test_the_exact_total_pays_every_registration_and_issues_one_invoice(sitting, django_capture_on_commit_callbacks):
    finance = staff_user(StaffRole.FINANCE)
    assert amount_due(sitting=sitting) == 4 * 1200
    with django_capture_on_commit_callbacks(execute=True):
        remittance = remittance_record(
            sitting=sitting, amount=4800, remitted_on=DAY, bank_reference="TX0001", actor=finance
        )
    assert statuses(sitting) == [RegistrationStatus.PAID] * 4
    assert amount_due(sitting=sitting) == 0
    invoice = Invoice.objects.get()
    assert (invoice.title, invoice.business_number, invoice.amount) == (
        sitting.organisation.invoice_title, "04595257", 4800,
    )  # fmt: skip
    assert invoice.number == "GR11500001" and remittance.invoice == invoice
    assert history(remittance).filter(action="groups.remittance_recorded", actor=finance).exists()


def test_a_different_amount_shows_the_gap_and_pays_nobody(sitting):
    with pytest.raises(RemittanceGap) as caught:
        remittance_record(sitting=sitting, amount=3600, remitted_on=DAY, bank_reference="TX1", actor=staff_user())
    assert (caught.value.amount, caught.value.due) == (3600, 4800)
    assert "差額 NT$1,200" in caught.value.messages[0]
    assert statuses(sitting) == [RegistrationStatus.AWAITING_PAYMENT] * 4
    assert not Invoice.objects.exists()


def test_finance_may_choose_which_registrations_a_partial_remittance_pays(sitting):
    chosen = list(Registration.objects.filter(group_sitting=sitting).order_by("pk")[:3].values_list("pk", flat=True))
    remittance_record(sitting=sitting, amount=3600, remitted_on=DAY, bank_reference="TX2", actor=staff_user(),
                      registration_ids=chosen)  # fmt: skip
    assert statuses(sitting).count(RegistrationStatus.PAID) == 3
    assert amount_due(sitting=sitting) == 1200


def test_chosen_registrations_must_add_up_to_the_amount(sitting):
    chosen = list(Registration.objects.filter(group_sitting=sitting).values_list("pk", flat=True)[:2])
    with pytest.raises(RemittanceGap):
        remittance_record(sitting=sitting, amount=3600, remitted_on=DAY, bank_reference="TX3", actor=staff_user(),
                          registration_ids=chosen)  # fmt: skip
    assert statuses(sitting) == [RegistrationStatus.AWAITING_PAYMENT] * 4


def test_registrations_of_another_group_cannot_be_chosen(sitting):
    other = make_sitting()
    row = {"national_id": valid_national_id(700001), "email": "other@x.example"}
    upload_apply(sitting=other, uploaded_file=xlsx_file(rows_for(1, bad={1: row})), actor=None)
    foreign = list(Registration.objects.filter(group_sitting=other).values_list("pk", flat=True))
    assert len(foreign) == 1
    with pytest.raises(GroupError, match="本團待繳費"):
        remittance_record(sitting=sitting, amount=1200, remitted_on=DAY, bank_reference="TX4", actor=staff_user(),
                          registration_ids=foreign)  # fmt: skip


def test_the_same_bank_reference_is_not_recorded_twice(sitting):
    remittance_record(sitting=sitting, amount=4800, remitted_on=DAY, bank_reference="TX5", actor=staff_user())
    with pytest.raises(GroupError, match="已登錄過"):
        remittance_record(sitting=sitting, amount=4800, remitted_on=DAY, bank_reference="TX5", actor=staff_user())
