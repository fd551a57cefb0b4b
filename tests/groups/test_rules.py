from skillcert.catalog.rules import group_size_qualifies
from skillcert.groups import rules


def test_discount_codes_are_long_unambiguous_and_different():
    codes = {rules.discount_code_new() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 10
        assert not set(code) & set("01OIL")


def test_typed_codes_are_normalised():
    assert rules.normalise_code(" ab3d-ef7g hk ") == "AB3DEF7GHK"


def test_dedicated_venue_thresholds():
    assert not rules.dedicated_venue_allowed(kind="written", candidates=119)
    assert rules.dedicated_venue_allowed(kind="written", candidates=120)
    assert not rules.dedicated_venue_allowed(kind="practical", candidates=19)
    assert rules.dedicated_venue_allowed(kind="practical", candidates=20)


def test_group_price_needs_threshold_or_code():
    assert group_size_qualifies(candidates=3, group_threshold=25, has_discount_code=True)
    assert not group_size_qualifies(candidates=24, group_threshold=25, has_discount_code=False)
    assert group_size_qualifies(candidates=25, group_threshold=25, has_discount_code=False)
    assert not group_size_qualifies(candidates=500, group_threshold=None, has_discount_code=False)


def test_remittance_outcome():
    assert rules.remittance_outcome(amount=1200, due=1200) == "exact"
    assert rules.remittance_outcome(amount=1000, due=1200) == "under"
    assert rules.remittance_outcome(amount=1300, due=1200) == "over"


def test_recharge_covers_this_years_written_subjects_of_an_item_with_the_plan():
    assert rules.recharge_refusal(offered=True, exam_year=2026, this_year=2026) is None
    assert "沒有 iPAS x 人培再充電方案" in rules.recharge_refusal(offered=False, exam_year=2026, this_year=2026)
    assert "當年度（2026 年）" in rules.recharge_refusal(offered=True, exam_year=2027, this_year=2026)
    assert rules.recharge_subjects_refusal(["written", "written"]) is None
    assert "學科" in rules.recharge_subjects_refusal(["written", "practical"])
