"""The English catalogue: complete, placeholders intact, and an English page really English."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _catalogue() -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of the .po file, continuation lines joined; the header left out."""
    pairs, current, field = [], {"msgid": "", "msgstr": ""}, None
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            current[field] = rest[1:-1]
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        elif not line.strip() and field:
            if current["msgid"]:
                pairs.append((current["msgid"], current["msgstr"]))
            current, field = {"msgid": "", "msgstr": ""}, None
    return pairs


def test_every_string_of_the_site_has_its_english():
    pairs = _catalogue()
    assert len(pairs) > 1000
    assert [msgid for msgid, msgstr in pairs if not msgstr] == []


def test_translations_keep_every_placeholder():
    wrong = [
        msgid for msgid, msgstr in _catalogue()
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))
    ]  # fmt: skip
    assert wrong == []


@pytest.mark.django_db
def test_a_page_asked_for_in_english_is_in_english(client):
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make setup`: it compiles the English catalogue"
    english = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    heading = re.search(r"<h1>([^<]*)", english).group(1).strip()
    assert '<html lang="en"' in english and heading and not CJK.search(heading)
    assert "考生登入" not in english
    chinese = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-Hant-TW"' in chinese and "考生登入" in chinese
