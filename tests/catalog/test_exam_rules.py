"""The brochure on the site: exam rules and the computer-based test per brochure year, and the
sample questions staff publish, visible from their milestone date."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.catalog import samples
from skillcert.catalog.models import Brochure, ExamSession, SampleQuestionFile
from skillcert.core import clock
from skillcert.core.audit import history
from tests.factories import staff_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("code", "year"), [("SPE", 115), ("MDMT", 113)])
def test_item_page_carries_the_brochures_exam_rules(client, brochures, code, year):
    brochure = Brochure.objects.get(item__code=code, roc_year=year)
    headings = [section["heading"] for section in brochure.exam_rules]
    assert headings == ["鑑定方式（§2.4）", "應試須知：攜帶物品（§3.4）", "試場規則（§3.4）"]
    page = text(client.get(f"/items/{code}/"))
    assert 'id="rules"' in page and 'href="#rules"' in page
    for words in (
        "電腦測驗",
        "【不作答】可清空作答內容",
        "國家考試電子計算器",
        "20",
        "30 分鐘內" if code == "MDMT" else "30分鐘內",
    ):
        assert words in page, words
    assert "扣除該科目成績" in page and "手機" in page and "身分證件" in page


def test_rules_are_per_brochure_year(client, brochures):
    spe = Brochure.objects.get(item__code="SPE")
    spe.exam_rules = [{"heading": "新年度規則", "items": ["只適用本年度"]}]
    spe.save(update_fields=["exam_rules"])
    assert "只適用本年度" in text(client.get("/items/SPE/"))
    assert "只適用本年度" not in text(client.get("/items/MDMT/"))


def mdmt_session():
    return ExamSession.objects.filter(level__brochure__item__code="MDMT").order_by("exam_date").first()


def test_staff_publish_a_sample_file_that_appears_on_its_milestone_date(client, brochures, frozen_now):
    roles_setup()
    session = mdmt_session()
    published_on = samples.published_from(session=session)
    assert published_on == clock.add_working_days(session.exam_date, 1)
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    refused = client.post(
        "/backoffice/catalog/samplequestionfile/add/",
        {"session": session.pk, "title": "初級樣題", "document": SimpleUploadedFile("x.pdf", b"<html>not a pdf")},
    )
    assert refused.status_code == 200 and "只接受 PDF、JPG 或 PNG 檔案" in text(refused)
    added = client.post(
        "/backoffice/catalog/samplequestionfile/add/",
        {"session": session.pk, "title": "初級樣題", "document": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert added.status_code == 302
    sample = SampleQuestionFile.objects.get()
    assert history(sample).filter(action="backoffice.add").exists()
    client.logout()

    frozen_now(clock.at(published_on - dt.timedelta(days=1), 23, 59))
    assert "初級樣題" not in text(client.get("/items/MDMT/"))
    assert client.get(f"/samples/{sample.pk}/").status_code == 404

    frozen_now(clock.at(published_on, 0, 0))
    assert "初級樣題" in text(client.get("/items/MDMT/"))
    response = client.get(f"/samples/{sample.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_unknown_or_unpublished_item_samples_are_404(client, brochures, frozen_now):
    session = mdmt_session()
    sample = SampleQuestionFile.objects.create(session=session, title="t", document=SimpleUploadedFile("a.pdf", PDF))
    frozen_now(clock.at(samples.published_from(session=session) + dt.timedelta(days=1), 9))
    assert client.get(f"/samples/{sample.pk + 1}/").status_code == 404
    item = session.level.brochure.item
    item.is_published = False
    item.save(update_fields=["is_published"])
    assert client.get(f"/samples/{sample.pk}/").status_code == 404
