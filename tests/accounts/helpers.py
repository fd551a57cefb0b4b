"""What a person does on the account pages: read the captcha off the page (the answer is the
one stored for the image's hashkey) and fill the forms."""

import datetime as dt
import re

from captcha.models import CaptchaStore

from tests.factories import PASSWORD

CAPTCHA_KEY_RE = re.compile(r'name="captcha_0" value="([0-9a-f]+)"')


def captcha(response, *, wrong: bool = False) -> dict:
    key = CAPTCHA_KEY_RE.search(response.content.decode()).group(1)
    answer = CaptchaStore.objects.get(hashkey=key).response
    if wrong:
        answer = f"{(int(answer) + 1) % 100000:05d}"
    return {"captcha_0": key, "captcha_1": answer}


def post_with_captcha(client, url, data, *, wrong_captcha=False, **extra):
    page = client.get(url)
    return client.post(url, {**data, **captcha(page, wrong=wrong_captcha)}, **extra)


def login(client, username, password=PASSWORD, **extra):
    return post_with_captcha(client, "/accounts/login/", {"username": username, "password": password}, **extra)


def text(response) -> str:
    return response.content.decode()


DETAILS = {
    "national_id": "A123456789",
    "name_zh": "林美玲",
    "name_en": "lin mei ling",
    "birthday": "2003-04-05",
    "mobile": "0912-345-678",
    "email": "meiling@example.com",
    "postal_address": "新竹縣竹東鎮中興路四段195號",
    "school_or_employer": "國立清華大學",
    "moea_training_recent": "on",
    "moea_training_certificate_on": str(dt.date.today() - dt.timedelta(days=30)),  # within three years
}
START = {
    "username": "meiling2026",
    "password": "Blue7Harbour42x",
    "password_again": "Blue7Harbour42x",
    "name_zh": "林美玲",
}


_serial = iter(range(1, 10**7))


def valid_national_id(n: int, letter: str = "F", sex: int = 2) -> str:
    """A checksum-valid national ID (tests.factories.national_id_for weights the body wrongly)."""
    from skillcert.core.identifiers import LETTER_CODES

    body = f"{n:07d}"
    area = LETTER_CODES[letter]
    total = area // 10 + (area % 10) * 9 + sex * 8 + sum(int(d) * w for d, w in zip(body, range(7, 0, -1), strict=True))
    return f"{letter}{sex}{body}{(10 - total % 10) % 10}"


def make_candidate(**kwargs):
    from tests.factories import CandidateFactory

    kwargs.setdefault("national_id", valid_national_id(next(_serial)))
    return CandidateFactory(**kwargs)
