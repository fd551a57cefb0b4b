"""Demo data: both brochures, every number, loaded idempotently (`manage.py load_demo`).

By default every date of a brochure moves by the same whole number of weeks, so that today
falls where the brochure's `anchor` date was (a day when SPE 初級 1st sitting and MDMT 1st
sitting take individual and group registrations). Whole weeks keep weekdays (exams stay on
Saturdays), wall-clock times stay exact (closes 12:00 Taipei) and the order of milestones is
untouched. `true_dates=True` loads the brochures' own dates. Reloading updates rows in place
by their natural keys, so running it twice changes nothing and never resets seats held."""

import datetime as dt

from django.db import transaction

from skillcert.core import clock

from .demo_data import BROCHURES, SITE_NEWS
from .demo_data.spe_115 import PRACTICAL_VENUES
from .models import (
    Brochure,
    CertificationPath,
    ExamSession,
    Fee,
    Item,
    Level,
    News,
    Region,
    ReissueWindow,
    SeatPool,
    SessionSubject,
    Subject,
    SyllabusTopic,
    Venue,
)

REGIONS = ["台北", "桃園", "台中", "虎尾", "高雄", "屏東", "金門", "澎湖"]


def demo_shift_days(*, anchor: dt.date, today: dt.date) -> int:
    """Whole weeks that move `anchor` to within three days of `today`."""
    return round((today - anchor).days / 7) * 7


class Dates:
    """Moves brochure dates by `days`; builds aware Taipei datetimes at exact wall-clock times."""

    def __init__(self, days: int):
        self.days = days

    def day(self, value: dt.date | None) -> dt.date | None:
        return None if value is None else value + dt.timedelta(days=self.days)

    def moment(self, spec) -> dt.datetime:
        """(date, hour, minute) → that time; (date, "end") → the last instant of that day."""
        if spec[1] == "end":
            return clock.end_of_day(self.day(spec[0]))
        return clock.at(self.day(spec[0]), spec[1], spec[2])


def load_brochures(true_dates: bool = False, *, today: dt.date | None = None) -> dict[str, int]:
    """Load or refresh both brochures; returns {item code: days shifted}."""
    today = today or clock.today()
    shifts = {}
    with transaction.atomic():
        regions = _regions()
        for data in BROCHURES:
            days = 0 if true_dates else demo_shift_days(anchor=data["anchor"], today=today)
            _load_brochure(data, Dates(days), regions)
            shifts[data["item"]["code"]] = days
        site_dates = Dates(shifts["SPE"])
        for title, body, published, pinned in SITE_NEWS:
            _news(None, title, body, site_dates.moment(published), pinned)
    return shifts


def _regions() -> dict[str, Region]:
    found = {}
    for position, name in enumerate(REGIONS, start=1):
        found[name], _ = Region.objects.update_or_create(name=name, defaults={"position": position})
    return found


def _load_brochure(data: dict, dates: Dates, regions: dict[str, Region]) -> Brochure:
    fields = dict(data["item"])
    item, _ = Item.objects.update_or_create(code=fields.pop("code"), defaults=fields)
    fields = dict(data["brochure"])
    fields["published_on"] = dates.day(fields["published_on"])
    fields["dates_shifted_days"] = dates.days
    brochure, _ = Brochure.objects.update_or_create(item=item, roc_year=fields.pop("roc_year"), defaults=fields)
    for position, (opens, closes) in enumerate(data["reissue_windows"], start=1):
        ReissueWindow.objects.update_or_create(
            brochure=brochure,
            position=position,
            defaults={"opens_on": dates.day(opens), "closes_on": dates.day(closes)},
        )
    venues = _practical_venues(data, regions)
    for level_data in data["levels"]:
        _load_level(brochure, level_data, dates, regions, venues)
    for title, body, published, pinned in data["news"]:
        _news(item, title, body, dates.moment(published), pinned)
    return brochure


def _practical_venues(data: dict, regions: dict[str, Region]) -> dict[str, Venue]:
    if data["item"]["code"] != "SPE":
        return {}
    return {
        name: Venue.objects.update_or_create(region=regions[region], name=name, defaults={"address": address})[0]
        for region, name, address in PRACTICAL_VENUES
    }


SCALAR_LEVEL_FIELDS = (
    "code",
    "written_quota",
    "practical_quota_note",
    "suggested_candidates",
    "competence",
    "passing_performance",
    "certificate_valid_years",
    "note",
)


def _load_level(brochure, data, dates, regions, venues) -> Level:
    level, _ = Level.objects.update_or_create(
        brochure=brochure, rank=data["rank"], defaults={key: data[key] for key in SCALAR_LEVEL_FIELDS}
    )
    subjects = {}
    for subject_data in data["subjects"]:
        fields = {k: v for k, v in subject_data.items() if k not in ("number", "topics")}
        subject, _ = Subject.objects.update_or_create(level=level, number=subject_data["number"], defaults=fields)
        subjects[subject.number] = subject
        _load_topics(subject, subject_data["topics"])
    for name, numbers in data["paths"].items():
        path, _ = CertificationPath.objects.get_or_create(level=level, name=name)
        path.subjects.set([subjects[n] for n in numbers])
    for plan, kind, amount, percent, needs_documents, note in data["fees"]:
        Fee.objects.update_or_create(
            level=level,
            plan=plan,
            kind=kind,
            defaults={"amount": amount, "percent_of_list": percent, "needs_documents": needs_documents, "note": note},
        )
    for session_data in data["sessions"]:
        _load_session(level, session_data, dates, regions, venues, subjects)
    return level


def _load_topics(subject: Subject, topics) -> None:
    position = 0
    for code, title, children in topics:
        position += 1
        parent, _ = SyllabusTopic.objects.update_or_create(
            subject=subject, code=code, defaults={"title": title, "parent": None, "position": position}
        )
        for child_code, child_title in children:
            position += 1
            SyllabusTopic.objects.update_or_create(
                subject=subject,
                code=child_code,
                defaults={"title": child_title, "parent": parent, "position": position},
            )


DATE_FIELDS = (
    "exam_date",
    "dispute_opens",
    "dispute_closes",
    "scores_published_on",
    "review_opens",
    "review_closes",
    "certificates_mailed_from",
)
MOMENT_FIELDS = ("group_registration_opens", "group_registration_closes", "registration_opens", "registration_closes")
NESTED = ("nth", "regions", "timetable", "seat_pools")


def _load_session(level, data, dates, regions, venues, subjects) -> ExamSession:
    fields = {key: value for key, value in data.items() if key not in NESTED}
    for key in DATE_FIELDS:
        fields[key] = dates.day(fields[key])
    for key in MOMENT_FIELDS:
        fields[key] = dates.moment(fields[key])
    session, _ = ExamSession.objects.update_or_create(level=level, nth=data["nth"], defaults=fields)
    session.regions.set([regions[name] for name in data["regions"]])
    for number, start, end, note, subject_regions in data["timetable"]:
        sitting, _ = SessionSubject.objects.update_or_create(
            session=session,
            subject=subjects[number],
            defaults={
                "starts_at": clock.at(session.exam_date, *start) if start else None,
                "ends_at": clock.at(session.exam_date, *end) if end else None,
                "note": note,
            },
        )
        sitting.regions.set([regions[name] for name in subject_regions])
    for kind, venue_name, capacity, note in data["seat_pools"]:
        SeatPool.objects.update_or_create(
            session=session,
            kind=kind,
            venue=venues[venue_name] if venue_name else None,
            defaults={"capacity": capacity, "note": note},
        )
    return session


def _news(item, title, body, published_at, pinned) -> News:
    news, _ = News.objects.update_or_create(
        item=item, title=title, defaults={"body": body, "published_at": published_at, "is_pinned": pinned}
    )
    return news
