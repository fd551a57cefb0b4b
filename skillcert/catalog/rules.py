"""Pure catalog rules, each naming the brochure section it implements."""

import datetime as dt

from skillcert.core.clock import Window


def window_open(*, now: dt.datetime, opens: dt.datetime, closes: dt.datetime) -> bool:
    """Brochure §2.2 (SPEC §2): registration is accepted from the opening instant until the
    closing one, which is already closed (「中午12點止」: SPE 115 group 04/09 12:00, individual
    04/10 12:00 — closed at 12:00:00). The half-open interval is `core.clock.Window`."""
    return Window(opens=opens, closes=closes).contains(now)


def turnout_too_low(*, registrants: int, minimum_turnout: int) -> bool:
    """A sitting with fewer registrants than the minimum is not held (brochure 113 §2.3 備註2:
    '如當次考試報考未達40人，將取消辦理當次考試'; 日程表: 術科實作 '報考人數未達 40 人不辦理').
    Exactly the minimum is enough."""
    return registrants < minimum_turnout


def group_size_qualifies(*, candidates: int, group_threshold: int | None, has_discount_code: bool) -> bool:
    """Group price for one organisation in one sitting (brochure 115 §3.3 備註1: '同一單位於單一梯次
    報名人數達25人以上 … 得適用團體報名'; 團體報名方案: '…報名達25人或使用折扣碼報名'). Brochure 113
    has no head count: the discount code alone qualifies (group_threshold None)."""
    if has_discount_code:
        return True
    return group_threshold is not None and candidates >= group_threshold
