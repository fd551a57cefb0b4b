"""Factories shared by every test package. Domain packages add their own beside their tests."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from skillcert.accounts.models import CandidateProfile, StaffRole, User
from skillcert.catalog.models import (
    Brochure,
    CertificationPath,
    ExamSession,
    Fee,
    Item,
    Level,
    Plan,
    Region,
    SeatPool,
    Subject,
    SubjectKind,
)
from skillcert.core import clock

PASSWORD = "Correct4Horse9Battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:05d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


_ID_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def national_id_for(n: int, letter: str = "A", sex: int = 1) -> str:
    """A checksum-valid national ID, distinct for each n < 10**7."""
    from skillcert.core.identifiers import LETTER_CODES

    body = f"{n:07d}"
    area = LETTER_CODES[letter]
    weights = (7, 6, 5, 4, 3, 2, 1)
    total = area // 10 + (area % 10) * 9 + sex * 8 + sum(int(d) * w for d, w in zip(body, weights, strict=True))
    check = (10 - total % 10) % 10
    return f"{letter}{sex}{body}{check}"


def han_number(n: int) -> str:
    """n in Chinese numerals: sequence names that pass the printable-name rule (no digits)."""
    return "".join("零一二三四五六七八九"[int(digit)] for digit in str(n))


def latin_number(n: int) -> str:
    """n in letters (0 → A, 25 → Z, 26 → BA): English names without digits."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters = chr(65 + rest) + letters
        if n == 0:
            return letters


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory, kind=User.Kind.CANDIDATE)
    name_zh = factory.Sequence(lambda n: f"王小明{han_number(n)}")
    name_en = factory.Sequence(lambda n: f"WANG XIAO MING {latin_number(n)}")
    national_id = factory.Sequence(lambda n: national_id_for(n + 1))
    birthday = dt.date(2003, 4, 5)
    mobile = factory.Sequence(lambda n: f"09{n:08d}")
    postal_address = "新竹縣竹東鎮中興路四段195號"
    consent_version = "115.1"


def staff_user(*roles: StaffRole, **kwargs) -> User:
    user = UserFactory(kind=User.Kind.STAFF, is_staff=True, **kwargs)
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)
    return user


def make_level(*, code="SPE", rank=Level.Rank.BEGINNER, roc_year=115, subjects=("written", "written", "practical")):
    """A level with numbered subjects, paths {1, n} for every n > 1, and the SPE 115 fee table."""
    item, _ = Item.objects.get_or_create(code=code, defaults={"name_zh": f"{code} 工程師"})
    brochure, _ = Brochure.objects.get_or_create(item=item, roc_year=roc_year)
    level = Level.objects.create(brochure=brochure, rank=rank, code=f"L{rank}", written_quota=1000)
    created = [
        Subject.objects.create(
            level=level,
            number=i,
            code=f"L{rank}{i}",
            name=f"考科{i}",
            kind=kind,
            format=Subject.Format.CBT if kind == "written" else Subject.Format.PRACTICAL,
            duration_minutes=75,
        )
        for i, kind in enumerate(subjects, start=1)
    ]
    for other in created[1:]:
        path = CertificationPath.objects.create(level=level, name=chr(64 + other.number - 1))
        path.subjects.set([created[0], other])
    table = {
        Plan.LIST: (1200, 3000), Plan.NEW: (800, 2100), Plan.RETURNING: (600, 1800),
        Plan.RECOGNITION: (600, 1800), Plan.GROUP: (600, 1800), Plan.TRAINING: (600, 1800),
    }  # fmt: skip
    for plan, (written, practical) in table.items():
        Fee.objects.create(level=level, plan=plan, kind=SubjectKind.WRITTEN, amount=written)
        Fee.objects.create(level=level, plan=plan, kind=SubjectKind.PRACTICAL, amount=practical)
    for kind in SubjectKind.values:
        Fee.objects.create(level=level, plan=Plan.DISADVANTAGED, kind=kind, percent_of_list=30, needs_documents=True)
    return level


def make_session(level=None, *, nth=1, capacity=1000, opens_days_ago=10, closes_in_days=20, exam_in_days=40):
    level = level or make_level()
    today = clock.today()
    session = ExamSession.objects.create(
        level=level,
        nth=nth,
        exam_date=today + dt.timedelta(days=exam_in_days),
        group_registration_opens=clock.at(today - dt.timedelta(days=opens_days_ago)),
        group_registration_closes=clock.at(today + dt.timedelta(days=closes_in_days - 1), 12),
        registration_opens=clock.at(today - dt.timedelta(days=opens_days_ago)),
        registration_closes=clock.at(today + dt.timedelta(days=closes_in_days), 12),
        scores_published_on=today + dt.timedelta(days=exam_in_days + 20),
        review_days_from_publication=2,
    )
    region, _ = Region.objects.get_or_create(name="台北")
    session.regions.add(region)
    SeatPool.objects.create(session=session, kind=SubjectKind.WRITTEN, capacity=capacity)
    return session
