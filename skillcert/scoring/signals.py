"""Signals sent after commit by scoring services.

`candidate_certified(sender=Outcome, candidate, level, outcome)`: a candidate newly gained the
certification of a level (never for a level already certified under any brochure year).
`certification_withdrawn(sender=Outcome, candidate, level, outcome)`: a correction (review or
dispute ruling) means a previously certified outcome no longer holds."""

from django.dispatch import Signal

candidate_certified = Signal()
certification_withdrawn = Signal()
