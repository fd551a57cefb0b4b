"""Names that print on a certificate: one rule (accounts.validators) for the profile, sign-up,
the group upload and the back office."""

import html

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from skillcert.accounts.models import CandidateProfile, StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.accounts.validators import NAME_ZH_MAX, clean_name_en, clean_name_zh
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.core.pdf import missing_glyphs
from tests.accounts.helpers import DETAILS, START, captcha, make_candidate, text
from tests.accounts.test_profile import form_data
from tests.factories import staff_user

RESIDENT_ID = "A800000014"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王小明", "王小明"),
        (" 王 小明 ", "王小明"),
        ("瓦歷斯·諾幹", "瓦歷斯·諾幹"),  # U+00B7
        ("瓦歷斯‧諾幹", "瓦歷斯·諾幹"),  # U+2027, the Taiwanese IME's
        ("瓦歷斯・諾幹", "瓦歷斯·諾幹"),  # U+30FB
        ("瓦歷斯･諾幹", "瓦歷斯·諾幹"),  # U+FF65
        ("李堃", "李堃"),
        ("\U00020b9f田", "\U00020b9f田"),  # 𠮟 (extension B, in AR PL UMing TW)
    ],
)
def test_chinese_names_and_the_middle_dot_are_accepted_and_normalised(typed, stored):
    assert clean_name_zh(typed, resident=False) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "王小明2",
        "王😀",
        "=王小明",
        "+王",
        "-王",
        "@王",
        "王<b>",
        "·王",
        "王·",
        "王··明",
        "WANG",
        "王 MING",
        "王_明",
        "",
    ],
)
def test_digits_symbols_emoji_latin_and_formula_starts_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError) as refusal:
        clean_name_zh(typed, resident=False)
    assert refusal.value.messages[0].startswith(("中文姓名", "請填寫"))


def test_a_character_the_certificate_font_lacks_is_refused_by_name():
    lacking = "\U00020000"  # extension B, not in AR PL UMing TW
    assert missing_glyphs(lacking) == [lacking]
    with pytest.raises(ValidationError) as refusal:
        clean_name_zh(f"王{lacking}", resident=False)
    assert lacking in refusal.value.messages[0] and "無法印在證書上" in refusal.value.messages[0]


def test_an_over_long_name_is_refused_not_cut():
    with pytest.raises(ValidationError) as refusal:
        clean_name_zh("王" * (NAME_ZH_MAX + 1), resident=False)
    assert refusal.value.code == "too_long" and str(NAME_ZH_MAX + 1) in refusal.value.messages[0]
    assert clean_name_zh("王" * NAME_ZH_MAX, resident=False) == "王" * NAME_ZH_MAX


def test_a_resident_may_give_the_name_on_the_resident_certificate():
    assert clean_name_zh("  john  o'neil-smith ", resident=True) == "JOHN O'NEIL-SMITH"
    assert clean_name_zh("ＮＧＵＹＥＮ ＶＡＮ ＡＮ", resident=True) == "NGUYEN VAN AN"
    for refused in ("JOHN 2", "=JOHN", "JOHN😀", "-JOHN", "JOHN--SMITH"):
        with pytest.raises(ValidationError):
            clean_name_zh(refused, resident=True)
    with pytest.raises(ValidationError):
        clean_name_zh("JOHN SMITH", resident=False)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("wang xiao-ming", "WANG XIAO-MING"), ("WANG, XIAO MING", "WANG, XIAO MING"), ("o'brien  jr.", "O'BRIEN JR.")],
)
def test_english_names_are_upper_case_latin(typed, stored):
    assert clean_name_en(typed) == stored


@pytest.mark.parametrize("typed", ["WANG 2", "=WANG", "@WANG", "-WANG", "王小明", "WANG😀", "W" * 101])
def test_english_names_refuse_digits_symbols_and_length(typed):
    with pytest.raises(ValidationError):
        clean_name_en(typed)


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@given(st.text(min_size=1, max_size=80))
def test_whatever_is_accepted_prints_and_fits(typed):
    for resident in (False, True):
        try:
            name = clean_name_zh(typed, resident=resident)
        except ValidationError:
            continue
        assert 0 < len(name) <= NAME_ZH_MAX
        assert missing_glyphs(name) == []
        assert name[0] not in "=+-@" and not any(char.isdigit() for char in name)
        assert clean_name_zh(name, resident=resident) == name  # stable: saving again changes nothing


@given(st.lists(st.text(HAN, min_size=1, max_size=6), min_size=1, max_size=4), st.sampled_from("·‧・･"))
def test_any_dotted_han_name_comes_back_with_one_kind_of_dot(parts, dot):
    name = dot.join(parts)
    try:
        cleaned = clean_name_zh(name, resident=False)
    except ValidationError as refusal:
        assert refusal.code in {"glyph", "too_long"}
        return
    assert cleaned == "·".join(parts)


@given(st.sampled_from("0123456789=+-@#$%&*!?😀🎉<>/\\"), st.text(HAN, min_size=1, max_size=4))
def test_a_digit_or_symbol_anywhere_is_refused(bad, han):
    for typed in (bad + han, han + bad, han[:1] + bad + han[1:]):
        with pytest.raises(ValidationError):
            clean_name_zh(typed, resident=True)


# ------------------------------------------------------------------ the doors use the one rule


@pytest.mark.django_db
def test_profile_refuses_an_emoji_and_keeps_the_saved_name(client):
    profile = make_candidate(name_zh="王大明", profile_confirmed_at=clock.now())
    client.force_login(profile.user)
    page = client.get("/accounts/profile/")
    assert 'maxlength="50"' not in text(page)  # a long name is refused with a message, never cut
    response = client.post("/accounts/profile/", form_data(profile, name_zh="王大明😀"))
    assert response.status_code == 200 and "中文姓名只能使用中文字" in text(response)
    long_name = client.post("/accounts/profile/", form_data(profile, name_zh="王" * 51))
    assert "最多 50 個字元" in text(long_name)
    profile.refresh_from_db()
    assert profile.name_zh == "王大明"
    client.post("/accounts/profile/", form_data(profile, name_zh="瓦歷斯‧諾幹"))
    profile.refresh_from_db()
    assert profile.name_zh == "瓦歷斯·諾幹"


@pytest.mark.django_db
def test_profile_of_a_resident_takes_the_resident_certificate_name(client):
    resident = make_candidate(national_id=RESIDENT_ID, profile_confirmed_at=clock.now())
    citizen = make_candidate(profile_confirmed_at=clock.now())
    client.force_login(resident.user)
    client.post("/accounts/profile/", form_data(resident, name_zh="nguyen van an"))
    resident.refresh_from_db()
    assert resident.name_zh == "NGUYEN VAN AN"
    client.force_login(citizen.user)
    response = client.post("/accounts/profile/", form_data(citizen, name_zh="NGUYEN VAN AN"))
    assert "中文姓名只能使用中文字" in text(response)


@pytest.mark.django_db
def test_sign_up_checks_the_name_again_against_the_id(client):
    page = client.get("/accounts/signup/")
    refused = client.post("/accounts/signup/", {**START, "name_zh": "=HYPERLINK(1)", **captcha(page)})
    assert "姓名請填中文字" in html.unescape(text(refused))
    page = client.get("/accounts/signup/")
    assert client.post("/accounts/signup/", {**START, "name_zh": "JOHN SMITH", **captcha(page)}).status_code == 302
    client.post("/accounts/signup/consent/", {"agree": "on"})
    citizen = client.post("/accounts/signup/details/", {**DETAILS, "name_zh": "JOHN SMITH"})
    assert "中文姓名只能使用中文字" in text(citizen)
    done = client.post("/accounts/signup/details/", {**DETAILS, "name_zh": "john smith", "national_id": RESIDENT_ID})
    assert done.url == "/accounts/login/"
    assert CandidateProfile.objects.get(national_id=RESIDENT_ID).name_zh == "JOHN SMITH"


@pytest.mark.django_db
def test_back_office_edits_names_under_the_same_rule(client):
    roles_setup()
    profile = make_candidate(name_zh="王大明")
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    url = f"/backoffice/accounts/candidateprofile/{profile.pk}/change/"
    data = {
        "name_zh": "王大明1",
        "name_en": "WANG DA MING",
        "national_id": profile.national_id,
        "birthday": "2003-04-05",
        "mobile": profile.mobile,
        "postal_address": profile.postal_address,
        "school_or_employer": "",
    }
    assert "中文姓名只能使用中文字" in text(client.post(url, data))
    profile.refresh_from_db()
    assert profile.name_zh == "王大明"
    assert client.post(url, {**data, "name_zh": "王・大明", "name_en": "wang da-ming"}).status_code == 302
    profile.refresh_from_db()
    assert (profile.name_zh, profile.name_en) == ("王·大明", "WANG DA-MING")
    assert history(profile).filter(action="backoffice.change").exists()
