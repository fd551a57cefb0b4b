"""The two brochures as plain data, in their true (brochure) dates. `catalog.demo` loads them.

Dates are `datetime.date`; times are (hour, minute) in Asia/Taipei. Where a brochure leaves a
number open, the value chosen here says so in a comment (and docs/decisions.md records it)."""

from .mdmt_113 import MDMT_113
from .spe_115 import SITE_NEWS, SPE_115

BROCHURES = (MDMT_113, SPE_115)

__all__ = ["BROCHURES", "MDMT_113", "SITE_NEWS", "SPE_115"]
