from skillcert.catalog.rules import group_size_qualifies, turnout_too_low


def test_a_sitting_below_the_minimum_turnout_is_not_held():
    assert turnout_too_low(registrants=39, minimum_turnout=40)
    assert not turnout_too_low(registrants=40, minimum_turnout=40)
    assert turnout_too_low(registrants=0, minimum_turnout=40)


def test_group_price_from_25_candidates_or_a_discount_code():
    assert group_size_qualifies(candidates=25, group_threshold=25, has_discount_code=False)
    assert not group_size_qualifies(candidates=24, group_threshold=25, has_discount_code=False)
    assert group_size_qualifies(candidates=1, group_threshold=25, has_discount_code=True)
    assert not group_size_qualifies(candidates=100, group_threshold=None, has_discount_code=False)
    assert group_size_qualifies(candidates=1, group_threshold=None, has_discount_code=True)
