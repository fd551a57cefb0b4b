"""Group change requests 團報異動申請 (SPEC §7, brochure 115 §3.2-3): the coordinator asks, staff
decide, approval changes the registration through the registrations' staff edit."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import Region, SeatPool, SubjectKind, Venue
from skillcert.core.audit import history
from skillcert.groups.changes import group_change_decide, group_change_request_create
from skillcert.groups.errors import GroupError
from skillcert.groups.models import GroupChangeRequest, RequestStatus
from skillcert.registrations.models import Registration
from skillcert.registrations.services import registration_create, registration_mark_paid
from tests.factories import CandidateFactory, staff_user
from tests.groups.factories import group_session, make_coordinator, make_sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A group sitting (台北 and 台中 regions, one practical venue each with 5 seats) and one
    group candidate registered for written subjects 1+2 in 台北; the coordinator has an e-mail."""
    session = group_session()
    taichung, _ = Region.objects.get_or_create(name="台中")
    session.regions.add(taichung)
    venues = {}
    for region in session.regions.all():
        venues[region.name] = Venue.objects.create(region=region, name=f"{region.name}術科考場")
        SeatPool.objects.create(session=session, kind=SubjectKind.PRACTICAL, venue=venues[region.name], capacity=5)
    coordinator = make_coordinator(email="coordinator@school.example")
    sitting = make_sitting(coordinator=coordinator, session=session)
    registration = registration_create(
        candidate=CandidateFactory(), session=session, subjects=list(session.level.subjects.filter(number__in=[1, 2])),
        region=Region.objects.get(name="台北"), group_sitting=sitting,
    )  # fmt: skip
    return {"coordinator": coordinator, "sitting": sitting, "registration": registration, "venues": venues,
            "taichung": taichung, "subjects": {s.number: s for s in session.level.subjects.all()}}  # fmt: skip


def _codes(registration):
    return sorted(registration.subjects.filter(dropped=False).values_list("subject__number", flat=True))


def _officer():
    return staff_user(StaffRole.ITEM_OFFICER)


def test_coordinator_requests_a_subject_change_and_staff_approval_applies_it(setup, django_capture_on_commit_callbacks):
    registration, subjects, venue = setup["registration"], setup["subjects"], setup["venues"]["台北"]
    assert registration.amount == 1200
    change = group_change_request_create(
        sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[3]],
        practical_venue=venue, reason="改考術科", actor=setup["coordinator"].user,
    )  # fmt: skip
    assert _codes(Registration.objects.get(pk=registration.pk)) == [1, 2]  # nothing changes before staff decide
    officer = _officer()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_change_decide(change=change, approved=True, note="", actor=officer)

    changed = Registration.objects.get(pk=registration.pk)
    assert _codes(changed) == [1, 3]
    assert changed.practical_venue == venue
    assert changed.amount == 600 + 1800  # group price of one written and one practical subject
    assert SeatPool.objects.get(venue=venue).held == 1
    assert GroupChangeRequest.objects.get(pk=change.pk).status == RequestStatus.APPROVED
    assert history(change).filter(to_state="approved", actor=officer).exists()
    assert history(changed).filter(action="registration.staff_updated", actor=officer).exists()
    [message] = mail.outbox
    assert message.to == ["coordinator@school.example"]
    assert "異動申請" in message.subject and "同意" in message.body and "change request" in message.body


def test_dropping_the_practical_subject_clears_the_venue_and_gives_its_seat_back(setup):
    registration, subjects, venue = setup["registration"], setup["subjects"], setup["venues"]["台北"]
    to_practical = group_change_request_create(
        sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[3]],
        practical_venue=venue, reason="改考術科", actor=setup["coordinator"].user,
    )  # fmt: skip
    group_change_decide(change=to_practical, approved=True, note="", actor=_officer())
    back = group_change_request_create(
        sitting=setup["sitting"], registration=Registration.objects.get(pk=registration.pk),
        subjects=[subjects[1], subjects[2]], reason="改回學科", actor=setup["coordinator"].user,
    )  # fmt: skip
    group_change_decide(change=back, approved=True, note="", actor=_officer())
    changed = Registration.objects.get(pk=registration.pk)
    assert _codes(changed) == [1, 2] and changed.practical_venue is None and changed.amount == 1200
    assert SeatPool.objects.get(venue=venue).held == 0


def test_a_region_change_moves_the_registration_and_its_practical_venue(setup):
    registration, subjects, venues = setup["registration"], setup["subjects"], setup["venues"]
    group_change_decide(
        change=group_change_request_create(
            sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[3]],
            practical_venue=venues["台北"], reason="術科", actor=None,
        ),
        approved=True, note="", actor=_officer(),
    )  # fmt: skip
    change = group_change_request_create(
        sitting=setup["sitting"], registration=registration, region=setup["taichung"],
        practical_venue=venues["台中"], reason="搬家", actor=setup["coordinator"].user,
    )  # fmt: skip
    group_change_decide(change=change, approved=True, note="", actor=_officer())
    moved = Registration.objects.get(pk=registration.pk)
    assert moved.region == setup["taichung"]
    assert moved.practical_venue == venues["台中"]
    assert _codes(moved) == [1, 3]
    assert SeatPool.objects.get(venue=venues["台北"]).held == 0
    assert SeatPool.objects.get(venue=venues["台中"]).held == 1
    assert history(change).filter(action="groups.change_applied").exists()


def test_a_region_change_without_a_venue_of_the_new_region_stays_undecided(setup):
    registration, subjects, venues = setup["registration"], setup["subjects"], setup["venues"]
    group_change_decide(
        change=group_change_request_create(
            sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[3]],
            practical_venue=venues["台北"], reason="術科", actor=None,
        ),
        approved=True, note="", actor=_officer(),
    )  # fmt: skip
    change = group_change_request_create(
        sitting=setup["sitting"], registration=registration, region=setup["taichung"], reason="搬家", actor=None
    )
    with pytest.raises(GroupError, match="請選擇本考區的術科考場"):
        group_change_decide(change=change, approved=True, note="", actor=_officer())
    assert GroupChangeRequest.objects.get(pk=change.pk).status == RequestStatus.SUBMITTED
    assert Registration.objects.get(pk=registration.pk).region.name == "台北"


def test_a_paid_registration_cannot_be_changed_to_a_dearer_one(setup):
    registration, subjects = setup["registration"], setup["subjects"]
    registration_mark_paid(registration=registration)
    change = group_change_request_create(
        sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[3]],
        practical_venue=setup["venues"]["台北"], reason="改考術科", actor=None,
    )  # fmt: skip
    with pytest.raises(GroupError, match="費用高於已繳金額"):
        group_change_decide(change=change, approved=True, note="", actor=_officer())
    assert _codes(Registration.objects.get(pk=registration.pk)) == [1, 2]
    assert SeatPool.objects.get(venue=setup["venues"]["台北"]).held == 0


def test_refusal_needs_a_note_and_changes_nothing(setup):
    registration, subjects = setup["registration"], setup["subjects"]
    change = group_change_request_create(
        sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[3]],
        practical_venue=setup["venues"]["台北"], reason="改考術科", actor=None,
    )  # fmt: skip
    with pytest.raises(GroupError, match="請填寫說明"):
        group_change_decide(change=change, approved=False, note=" ", actor=_officer())
    group_change_decide(change=change, approved=False, note="術科名額已滿", actor=_officer())
    refused = GroupChangeRequest.objects.get(pk=change.pk)
    assert (refused.status, refused.decision_note) == (RequestStatus.REFUSED, "術科名額已滿")
    assert _codes(Registration.objects.get(pk=registration.pk)) == [1, 2]
    assert history(refused).filter(to_state="refused", reason="術科名額已滿").exists()


def test_subjects_outside_the_certification_paths_are_refused_at_once(setup):
    with pytest.raises(GroupError, match="授證組合"):
        group_change_request_create(
            sitting=setup["sitting"], registration=setup["registration"], subjects=[setup["subjects"][2]],
            reason="x", actor=None,
        )  # fmt: skip


def test_a_request_that_changes_nothing_or_gives_no_reason_is_refused(setup):
    registration, subjects = setup["registration"], setup["subjects"]
    with pytest.raises(GroupError, match="與目前不同"):
        group_change_request_create(
            sitting=setup["sitting"], registration=registration, subjects=[subjects[1], subjects[2]],
            region=registration.region, reason="x", actor=None,
        )  # fmt: skip
    with pytest.raises(GroupError, match="申請原因"):
        group_change_request_create(
            sitting=setup["sitting"], registration=registration, region=setup["taichung"], reason=" ", actor=None
        )
    assert not GroupChangeRequest.objects.exists()


def test_one_pending_request_per_candidate(setup, pending):
    with pytest.raises(GroupError, match="已有審核中的異動申請"):
        group_change_request_create(
            sitting=setup["sitting"], registration=setup["registration"], subjects=[setup["subjects"][1],
            setup["subjects"][3]], practical_venue=setup["venues"]["台北"], reason="x", actor=None,
        )  # fmt: skip
    group_change_decide(change=pending, approved=False, note="請改選", actor=_officer())
    assert group_change_request_create(
        sitting=setup["sitting"], registration=setup["registration"], region=setup["taichung"], reason="再申請",
        actor=None,
    ).status == RequestStatus.SUBMITTED  # fmt: skip


def test_after_the_group_deadline_the_request_is_refused_clearly(setup, frozen_now):
    sitting = setup["sitting"]
    frozen_now(sitting.session.group_registration_closes + dt.timedelta(minutes=1))
    with pytest.raises(GroupError, match="團體報名已於 .* 截止，考科、考區及術科考場不能再申請異動"):
        group_change_request_create(
            sitting=sitting, registration=setup["registration"], region=setup["taichung"], reason="x", actor=None
        )


def test_a_registration_of_another_group_is_refused(setup):
    with pytest.raises(GroupError, match="請選擇本團"):
        group_change_request_create(
            sitting=make_sitting(), registration=setup["registration"], region=setup["taichung"], reason="x",
            actor=None,
        )  # fmt: skip


# --- the pages -------------------------------------------------------------------------------


def _portal_url(sitting):
    return reverse("groupportal:change_requests", kwargs={"pk": sitting.pk})


def test_the_coordinator_files_a_request_and_sees_the_decision(client, setup):
    sitting, registration = setup["sitting"], setup["registration"]
    client.force_login(setup["coordinator"].user)
    response = client.post(
        _portal_url(sitting), {"registration": registration.pk, "region": setup["taichung"].pk, "reason": "搬家"}
    )
    assert response.status_code == 302
    change = GroupChangeRequest.objects.get(registration=registration)
    assert change.region == setup["taichung"]
    group_change_decide(change=change, approved=False, note="台中考場已額滿", actor=_officer())
    page = client.get(_portal_url(sitting)).content.decode()
    assert "不同意" in page and "台中考場已額滿" in page and registration.candidate.name_zh in page


def test_the_portal_form_shows_the_deadline_message_and_saves_nothing(client, setup, frozen_now):
    sitting = setup["sitting"]
    frozen_now(sitting.session.group_registration_closes + dt.timedelta(hours=1))
    client.force_login(setup["coordinator"].user)
    response = client.post(
        _portal_url(sitting), {"registration": setup["registration"].pk, "region": setup["taichung"].pk, "reason": "x"}
    )
    assert response.status_code == 200
    assert "不能再申請異動" in response.content.decode()
    assert not GroupChangeRequest.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_portal_page_is_404_for_another_coordinator_a_candidate_and_staff(client, setup, method):
    url = _portal_url(setup["sitting"])
    for user in (make_coordinator().user, setup["registration"].candidate.user, _officer()):
        client.force_login(user)
        assert (
            getattr(client, method)(url, {"registration": setup["registration"].pk, "reason": "x"}).status_code == 404
        )
    assert not GroupChangeRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, setup):
    response = client.get(_portal_url(setup["sitting"]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.fixture
def pending(setup):
    return group_change_request_create(
        sitting=setup["sitting"], registration=setup["registration"], region=setup["taichung"], reason="搬家",
        actor=None,
    )  # fmt: skip


def test_an_officer_lists_and_approves_in_the_back_office(client, setup, pending):
    client.force_login(_officer())
    page = client.get(reverse("backoffice_tools:groups_change_requests")).content.decode()
    assert setup["registration"].candidate.name_zh in page and "台中" in page
    response = client.post(reverse("backoffice_tools:groups_change_decide", kwargs={"pk": pending.pk}),
                           {"decision": "approve"})  # fmt: skip
    assert response.status_code == 302
    assert Registration.objects.get(pk=setup["registration"].pk).region == setup["taichung"]


def test_an_admin_may_decide_too(client, pending):
    client.force_login(staff_user(StaffRole.ADMIN))
    client.post(reverse("backoffice_tools:groups_change_decide", kwargs={"pk": pending.pk}),
                {"decision": "refuse", "note": "不符規定"})  # fmt: skip
    assert GroupChangeRequest.objects.get(pk=pending.pk).status == RequestStatus.REFUSED


def test_a_refusal_without_note_shows_the_message_and_stays_pending(client, pending):
    client.force_login(_officer())
    response = client.post(reverse("backoffice_tools:groups_change_decide", kwargs={"pk": pending.pk}),
                           {"decision": "refuse", "note": ""}, follow=True)  # fmt: skip
    assert "不同意時請填寫說明" in response.content.decode()
    assert GroupChangeRequest.objects.get(pk=pending.pk).status == RequestStatus.SUBMITTED


@pytest.mark.parametrize("role", [StaffRole.FINANCE, StaffRole.VENUE])
def test_staff_of_another_role_get_403(client, pending, role):
    client.force_login(staff_user(role))
    assert client.get(reverse("backoffice_tools:groups_change_requests")).status_code == 403
    url = reverse("backoffice_tools:groups_change_decide", kwargs={"pk": pending.pk})
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert GroupChangeRequest.objects.get(pk=pending.pk).status == RequestStatus.SUBMITTED


def test_coordinators_candidates_and_anonymous_cannot_decide(client, setup, pending):
    url = reverse("backoffice_tools:groups_change_decide", kwargs={"pk": pending.pk})
    assert client.post(url, {"decision": "approve"}).status_code == 302  # to the back-office login
    for user in (setup["coordinator"].user, setup["registration"].candidate.user):
        client.force_login(user)
        assert client.post(url, {"decision": "approve"}).status_code == 403
    assert GroupChangeRequest.objects.get(pk=pending.pk).status == RequestStatus.SUBMITTED


def test_the_candidate_portal_offers_no_change_for_a_group_registration(client, setup):
    """The candidate's own registration page: read-only, no form (changes go through the coordinator)."""
    registration = setup["registration"]
    client.force_login(registration.candidate.user)
    page = client.get(reverse("portal:registration_detail", kwargs={"pk": registration.pk})).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "團報窗口" in main and "L11 考科1" in main
    assert "<form" not in main
