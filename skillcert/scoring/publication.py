"""Score publication 成績公告: from the session's `scores_published_on` (Taipei date) candidates
see their results; on that day each is e-mailed once (manage.py notify_scores_published, daily)."""

from django.db import IntegrityError, transaction

from skillcert.accounts.models import CandidateProfile
from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.notifications.services import email_after_commit

from .models import PublicationNotice, Score


def scores_publish_notify(*, today=None) -> int:
    """E-mail every candidate with a score in a session published by today and not yet told."""
    today = today or clock.today()
    sessions = (
        ExamSession.objects.filter(scores_published_on__lte=today, publication_notice__isnull=True)
        .filter(scores__isnull=False)
        .distinct()
    )
    sent = 0
    for session in sessions:
        try:
            with transaction.atomic():
                notice = PublicationNotice.objects.create(session=session, sent_at=clock.now())
                told = 0
                ids = Score.objects.filter(session=session).values_list("candidate_id", flat=True).distinct()
                for person in CandidateProfile.objects.filter(pk__in=ids).select_related("user").iterator():
                    if person.user.email:
                        email_after_commit(
                            template="scoring_published",
                            to=person.user.email,
                            context={"name": person.name_zh, "session": str(session), "session_id": session.pk},
                        )
                        told += 1
                notice.recipients = told
                notice.save(update_fields=["recipients"])
        except IntegrityError:
            continue  # another run got there first
        sent += told
    return sent
