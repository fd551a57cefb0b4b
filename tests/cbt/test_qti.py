"""QTI 2.2 packages: export then import gives the same items (figures included); an item
with an unsupported interaction is named in the report and skipped, the rest imported."""

import io
import zipfile

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.cbt import qti
from skillcert.cbt.models import Difficulty, Item, ItemImport, ItemVersion
from tests.cbt.factories import approved, draft, png_bytes, reviewer, subject_with_topics, writer
from tests.cbt.qti_packages import as_upload, choice_item, manifest, text_entry_item, zipped

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject():
    return subject_with_topics()


def snapshot(version):
    figure = version.figure.read() if version.figure else b""
    return (
        version.item.code, version.stem, tuple(version.options), version.correct, version.topic.code,
        version.difficulty, figure, version.figure_alt,
    )  # fmt: skip


def test_export_then_import_gives_the_same_items(subject):
    author, checker = writer(), reviewer()
    made = [
        approved(subject, code="L12101", difficulty=Difficulty.EASY, author=author, by=checker, n=0),
        approved(
            subject, code="L12104", difficulty=Difficulty.HARD, author=author, by=checker, n=1,
            figure=SimpleUploadedFile("circuit.png", png_bytes()), figure_alt="電路圖",
        ),
        approved(subject, code="L12102", author=author, by=checker, n=2, options=["是", "否"], correct=1),
    ]  # fmt: skip
    before = sorted(snapshot(v) for v in made)
    package = qti.qti_export(versions=made)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = archive.namelist()
        item_root = fromstring(archive.read(f"items/{made[1].item.code}.xml"))
    assert "imsmanifest.xml" in names and f"items/images/{made[1].item.code}.png" in names
    assert item_root.tag == f"{{{qti.QTI}}}assessmentItem"
    Item.objects.all().delete()

    record = qti.qti_import(subject=subject, uploaded_file=as_upload(package), actor=author)
    assert (record.accepted, record.refused) == (3, 0)
    after = sorted(snapshot(v) for v in ItemVersion.objects.select_related("item", "topic"))
    assert after == before
    assert set(ItemVersion.objects.values_list("status", flat=True)) == {"draft"}


def test_an_unsupported_interaction_is_named_and_the_rest_imported(subject):
    package = zipped({
        "imsmanifest.xml": manifest([
            ("good-1", "items/good-1.xml", "L12101"),
            ("fill-in", "items/fill-in.xml", "L12101"),
            ("multi", "items/multi.xml", "L12102"),
            ("good-2", "items/good-2.xml", "L12103"),
        ]),
        "items/good-1.xml": choice_item("good-1", stem="第一題"),
        "items/fill-in.xml": text_entry_item("fill-in"),
        "items/multi.xml": choice_item("multi", max_choices="2"),
        "items/good-2.xml": choice_item("good-2", stem="第二題", correct="C"),
    })  # fmt: skip
    record = qti.qti_import(subject=subject, uploaded_file=package, actor=writer())
    assert (record.accepted, record.refused) == (2, 2)
    refused = {row["line"]: row["message"] for row in record.report if not row["ok"]}
    assert set(refused) == {"fill-in", "multi"}
    assert "textEntryInteraction" in refused["fill-in"]
    assert set(Item.objects.values_list("code", flat=True)) == {"good-1", "good-2"}
    second = ItemVersion.objects.get(item__code="good-2")
    assert (second.stem, second.correct, second.topic.code, second.difficulty) == (
        "第二題",
        2,
        "L12103",
        Difficulty.EASY,
    )
    assert ItemImport.objects.get().kind == "qti"


def test_items_with_problems_are_reported_one_by_one(subject):
    draft(subject, code="L12101", n=0)  # an item already in the bank
    existing = Item.objects.get().code
    package = zipped({
        "imsmanifest.xml": manifest([
            (existing, f"items/{existing}.xml", "L12101"),
            ("no-topic", "items/no-topic.xml", "X99999"),
            ("missing", "items/missing.xml", "L12101"),
            ("broken", "items/broken.xml", "L12101"),
            ("no-image", "items/no-image.xml", "L12101"),
            ("fake-image", "items/fake-image.xml", "L12101"),
        ]),
        f"items/{existing}.xml": choice_item(existing),
        "items/no-topic.xml": choice_item("no-topic"),
        "items/broken.xml": "<assessmentItem><unclosed>",
        "items/no-image.xml": choice_item("no-image", body_extra='<p><img src="images/none.png" alt=""/></p>'),
        "items/fake-image.xml": choice_item("fake-image", body_extra='<p><img src="images/x.png" alt=""/></p>'),
        "items/images/x.png": b"MZ not a picture at all",
    })  # fmt: skip
    record = qti.qti_import(subject=subject, uploaded_file=package, actor=writer())
    assert (record.accepted, record.refused) == (0, 6)
    assert Item.objects.count() == 1


def test_only_writers_import(subject):
    package = zipped({"imsmanifest.xml": manifest([("a", "a.xml", "L12101")]), "a.xml": choice_item("a")})
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        qti.qti_import(subject=subject, uploaded_file=package, actor=None)
    assert not Item.objects.exists()
