import secrets


def five_digits():
    """The 5-digit image captcha of the login guide (django-simple-captcha challenge)."""
    answer = f"{secrets.randbelow(100000):05d}"
    return answer, answer
