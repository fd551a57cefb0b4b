"""Exam-room door: the candidate's exam screen and the proctor's room console."""

from django.urls import path

from . import candidate, proctor

app_name = "examroom"

urlpatterns = [
    path("", candidate.sign_in, name="sign_in"),
    path("exam/", candidate.exam, name="exam"),
    path("exam/start/", candidate.start, name="start"),
    path("exam/save/", candidate.save, name="save"),
    path("exam/state/", candidate.state, name="state"),
    path("exam/figure/<int:position>/", candidate.figure, name="figure"),
    path("exam/submit/", candidate.submit, name="submit"),
    path("proctor/room/<int:room_id>/<int:period_id>/", proctor.room, name="room"),
    path("proctor/<int:opening_id>/", proctor.console, name="console"),
    path("proctor/<int:opening_id>/open/", proctor.open_room, name="open"),
    path("proctor/<int:opening_id>/enrol/", proctor.enrol, name="enrol"),
    path("proctor/<int:opening_id>/attempt/<int:attempt_id>/<slug:action>/", proctor.act, name="act"),
]
