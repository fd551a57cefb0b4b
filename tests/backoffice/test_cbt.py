"""Back-office item-bank tools over HTTP: roles checked for every page, item editing with a
figure, the import pages and their reports, assembly and freezing, and the admin actions."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.accounts.roles import roles_setup
from skillcert.cbt.models import ItemImport, ItemVersion, TestForm
from skillcert.core.audit import history
from skillcert.scoring.models import AnswerKey
from tests.cbt.factories import bank, blueprint, draft, png_bytes, reviewer, sitting_of, subject_with_topics, writer
from tests.factories import PASSWORD, CandidateFactory, StaffRole, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def subject():
    return subject_with_topics()


def as_user(client, user):
    client.logout()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)


def test_every_page_checks_the_role(client, subject):
    sitting = sitting_of(subject)
    version = draft(subject, figure=SimpleUploadedFile("f.png", png_bytes()))
    pages = {
        "figure": (reverse("backoffice_tools:cbt_figure", args=[version.pk]), {"writer", "reviewer", "officer"}),
        "index": (reverse("backoffice_tools:cbt_index"), {"writer", "reviewer", "officer"}),
        "new": (reverse("backoffice_tools:cbt_item_new", args=[subject.pk]), {"writer", "reviewer"}),
        "edit": (reverse("backoffice_tools:cbt_item_edit", args=[version.pk]), {"writer", "reviewer", "officer"}),
        "import": (reverse("backoffice_tools:cbt_import", args=[subject.pk, "spreadsheet"]), {"writer", "reviewer"}),
        "export": (reverse("backoffice_tools:cbt_export", args=[subject.pk]), {"writer", "reviewer", "officer"}),
        "form": (reverse("backoffice_tools:cbt_sitting_form", args=[sitting.pk]), {"reviewer", "officer"}),
    }
    people = {
        "anonymous": None,
        "candidate": CandidateFactory().user,
        "finance": staff_user(StaffRole.FINANCE),
        "writer": writer(),
        "reviewer": reviewer(),
        "officer": staff_user(StaffRole.ITEM_OFFICER),
    }
    for who, user in people.items():
        as_user(client, user)
        for name, (url, allowed) in pages.items():
            expected = 200 if who in allowed else (302 if user is None else 403)
            assert client.get(url).status_code == expected, (who, name)


def test_a_writer_writes_an_item_with_a_figure_and_bad_input_gets_a_400(client, subject):
    author = writer()
    as_user(client, author)
    url = reverse("backoffice_tools:cbt_item_new", args=[subject.pk])
    topic = subject.topics.get(code="L12104")
    body = {
        "topic": topic.pk,
        "difficulty": 2,
        "stem": "附圖中的元件為何？",
        "options": "電阻\n電容\n電感",
        "answer": "b",
    }
    bad = client.post(url, {**body, "answer": "F"})
    assert bad.status_code == 400 and "正確選項" in bad.content.decode()
    fake = client.post(url, {**body, "figure": SimpleUploadedFile("x.png", b"GIF89a....")})
    assert fake.status_code == 400 and not ItemVersion.objects.exists()
    response = client.post(url, {**body, "figure": SimpleUploadedFile("fig.png", png_bytes())})
    assert response.status_code == 302
    version = ItemVersion.objects.get()
    assert (version.options, version.correct, version.written_by) == (["電阻", "電容", "電感"], 1, author)
    assert version.figure.read() == png_bytes()


def test_a_reviewer_approves_in_the_admin_but_not_their_own(client, subject):
    roles_setup()  # the admin follows the role groups' permissions
    checker = reviewer()
    theirs, own = draft(subject), draft(subject, author=checker, n=1)
    as_user(client, checker)
    url = reverse("backoffice:cbt_itemversion_changelist")
    response = client.post(url, {"action": "approve", "_selected_action": [theirs.pk, own.pk]}, follow=True)
    assert response.status_code == 200
    statuses = dict(ItemVersion.objects.values_list("pk", "status"))
    assert statuses == {theirs.pk: "approved", own.pk: "draft"}
    assert [e.actor_id for e in history(theirs) if e.to_state == "approved"] == [checker.pk]
    as_user(client, writer())
    client.post(url, {"action": "approve", "_selected_action": [own.pk]})
    assert ItemVersion.objects.get(pk=own.pk).status == "draft"


def test_the_spreadsheet_page_shows_the_report(client, subject):
    as_user(client, writer())
    text = "題幹,A,B,C,D,答案,評鑑內容代碼,難易度\n好題目,甲,乙,丙,丁,A,L12101,中\n壞題目,甲,乙,丙,丁,Z,L12101,中\n"
    url = reverse("backoffice_tools:cbt_import", args=[subject.pk, "spreadsheet"])
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", text.encode())}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "好題目" not in page and "答案須為" in page
    assert ItemImport.objects.get().accepted == 1
    bad = client.post(url, {"file": SimpleUploadedFile("a.csv", b"\x00\x01binary")})
    assert bad.status_code == 400


def test_assemble_and_freeze_through_the_page(client, subject):
    bank(subject, {("L12101", 1): 3, ("L12102", 2): 2})
    plan = blueprint(subject, {("L12101", 1): 2, ("L12102", 2): 2})
    sitting = sitting_of(subject)
    as_user(client, reviewer())
    url = reverse("backoffice_tools:cbt_sitting_form", args=[sitting.pk])
    short = client.post(url, {"blueprint": blueprint(subject, {("L12103", 3): 1}).pk})
    assert short.status_code == 400 and "L12103" in short.content.decode()
    assert client.post(url, {"blueprint": plan.pk, "seed": 42}).status_code == 302
    form = TestForm.objects.get(sitting=sitting)
    assert form.items.count() == 4 and form.seed == 42
    client.post(reverse("backoffice_tools:cbt_freeze", args=[sitting.pk]))
    form.refresh_from_db()
    assert form.status == "frozen"
    assert AnswerKey.objects.filter(session=sitting.session, subject=subject).count() == 4
    again = client.post(url, {"blueprint": plan.pk, "seed": 43})
    assert again.status_code == 400
    assert TestForm.objects.get(sitting=sitting).seed == 42


def test_admin_pages_render_and_never_show_the_shuffle_secret(client, subject):
    roles_setup()
    bank(subject, {("L12101", 1): 2})
    form_builder = reviewer()
    sitting = sitting_of(subject)
    as_user(client, form_builder)
    client.post(
        reverse("backoffice_tools:cbt_sitting_form", args=[sitting.pk]),
        {"blueprint": blueprint(subject, {("L12101", 1): 2}).pk, "seed": 5},
    )
    form = TestForm.objects.get()
    version = form.items.first().version
    pages = [
        reverse("backoffice:cbt_itemversion_changelist"),
        reverse("backoffice:cbt_itemversion_change", args=[version.pk]),
        reverse("backoffice:cbt_item_change", args=[version.item_id]),
        reverse("backoffice:cbt_testform_change", args=[form.pk]),
        reverse("backoffice:cbt_blueprint_add"),
        reverse("backoffice:cbt_itemimport_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert form.shuffle_secret not in response.content.decode()
    assert (
        client.post(reverse("backoffice:cbt_itemversion_change", args=[version.pk]), {"stem": "x"}).status_code == 403
    )


def test_an_export_is_audited_and_holds_the_approved_items(client, subject):
    made = bank(subject, {("L12101", 1): 2})
    draft(subject, n=9)
    officer = staff_user(StaffRole.ITEM_OFFICER)
    as_user(client, officer)
    response = client.get(reverse("backoffice_tools:cbt_export", args=[subject.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        items = sorted(n for n in archive.namelist() if n.startswith("items/") and n.endswith(".xml"))
    assert items == sorted(f"items/{v.item.code}.xml" for v in made)
    entry = history(subject).get(action="cbt.qti_exported")
    assert (entry.actor_id, sorted(entry.data["items"])) == (officer.pk, sorted(v.pk for v in made))
