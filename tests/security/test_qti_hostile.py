"""Hostile QTI packages sent to the back-office import page (real HTTP through the test
client): XXE, billion laughs, zip slip and zip bombs are refused with a 400 and a message,
and nothing reaches the item bank."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.cbt.models import Item, ItemImport
from tests.cbt.factories import subject_with_topics, writer
from tests.cbt.qti_packages import choice_item, manifest, zipped
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

XXE = (
    '<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
    '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>'
    '<resource identifier="&leak;" type="imsqti_item_xmlv2p2" href="a.xml"/></resources></manifest>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + ']><assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="x"><itemBody><p>&lol9;</p>'
    "</itemBody></assessmentItem>"
)


@pytest.fixture
def upload(client):
    subject = subject_with_topics()
    client.login(username=writer().username, password=PASSWORD)
    url = reverse("backoffice_tools:cbt_import", args=[subject.pk, "qti"])

    def send(package):
        return client.post(url, {"file": package})

    return send


def refused(response, words: str):
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Item.objects.exists() and not ItemImport.objects.exists()


def test_an_external_entity_in_the_manifest_is_refused(upload):
    refused(upload(zipped({"imsmanifest.xml": XXE, "a.xml": choice_item("a")})), "XXE")


def test_an_external_entity_in_an_item_is_refused(upload):
    item = (
        choice_item("a")
        .replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
        )
        .replace("題幹", "&e;")
    )
    package = zipped({"imsmanifest.xml": manifest([("a", "a.xml", "L12101")]), "a.xml": item})
    refused(upload(package), "XXE")


def test_billion_laughs_is_refused(upload):
    package = zipped({"imsmanifest.xml": manifest([("x", "x.xml", "L12101")]), "x.xml": LAUGHS})
    refused(upload(package), "DTD")


def test_a_path_that_climbs_out_of_the_package_is_refused(upload):
    package = zipped({
        "imsmanifest.xml": manifest([("a", "a.xml", "L12101")]),
        "a.xml": choice_item("a"),
        "../../etc/cron.d/evil": "* * * * * root sh",
    })  # fmt: skip
    refused(upload(package), "不安全的路徑")


@pytest.mark.parametrize("name", ["/etc/passwd", "..\\..\\windows\\evil.xml", "C:/evil.xml"])
def test_absolute_and_windows_paths_are_refused(upload, name):
    package = zipped({"imsmanifest.xml": manifest([("a", "a.xml", "L12101")]), "a.xml": choice_item("a"), name: "x"})
    refused(upload(package), "不安全的路徑")


def test_a_zip_bomb_is_refused(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest([("a", "a.xml", "L12101")]))
        archive.writestr("a.xml", choice_item("a"))
        archive.writestr("images/bomb.png", b"\0" * (9 * 1024 * 1024))  # ~9 KB packed, 1000:1
    refused(upload(SimpleUploadedFile("bomb.zip", buffer.getvalue())), "壓縮炸彈")


def test_a_header_that_lies_about_its_size_is_refused(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("imsmanifest.xml", manifest([("a", "a.xml", "L12101")]))
        archive.writestr("a.xml", choice_item("a"))
    data = bytearray(buffer.getvalue())
    # shrink the declared size of a.xml in the central directory: reading must stop there
    central = data.rfind(b"PK\x01\x02")
    declared = len(choice_item("a").encode())
    assert int.from_bytes(data[central + 24 : central + 28], "little") == declared
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    response = upload(SimpleUploadedFile("liar.zip", bytes(data)))
    assert response.status_code == 400
    assert not Item.objects.exists()


def test_not_a_zip_is_refused(upload):
    refused(upload(SimpleUploadedFile("a.zip", b"<?xml version='1.0'?><x/>")), "ZIP")


def test_a_package_over_the_size_limit_is_refused(upload, monkeypatch):
    from skillcert.cbt import packages

    monkeypatch.setattr(packages, "PACKAGE_MAX_BYTES", 2048)
    package = zipped({
        "imsmanifest.xml": manifest([("a", "a.xml", "L12101")]),
        "a.xml": choice_item("a"),
        "images/noise.png": random.Random(1).randbytes(4096),  # 4 KB that does not compress
    })  # fmt: skip
    refused(upload(package), "套件太大")
