from django.apps import AppConfig


class ExamroomConfig(AppConfig):
    name = "skillcert.examroom"
    label = "examroom"
    verbose_name = "Exam room"
