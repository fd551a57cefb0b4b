"""Signals sent after commit by scoring services.

`candidate_certified(sender=Outcome, candidate, level, outcome)`: a candidate newly gained the
certification of a level (never for a level already certified under any brochure year). Sent
once per outcome, and not before the scores of `outcome.sitting` are published: an outcome
evaluated earlier is announced by `evaluation.outcomes_announce` (manage.py
announce_certifications, daily) from publication day on.
`certification_withdrawn(sender=Outcome, candidate, level, outcome)`: a correction (review or
dispute ruling) means an announced certified outcome no longer holds."""

from django.dispatch import Signal

candidate_certified = Signal()
certification_withdrawn = Signal()
