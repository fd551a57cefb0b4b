"""Exam-room door helpers: a browser of an enrolled workstation (its signed cookie), signed in."""

from django.core import signing
from django.urls import reverse

from skillcert.examroom.workstations import SALT, WORKSTATION_COOKIE


def enrolled(client, workstation):
    client.cookies[WORKSTATION_COOKIE] = signing.get_cookie_signer(salt=SALT).sign(str(workstation.pk))
    return client


def sign_in(client, registration, national_id=None):
    return client.post(
        reverse("examroom:sign_in"),
        {
            "admission_number": registration.admission_number,
            "national_id": national_id or registration.candidate.national_id,
        },
    )


def save(client, **change):
    return client.post(reverse("examroom:save"), change, content_type="application/json")
