from django.apps import AppConfig


class ExamrecordsConfig(AppConfig):
    name = "skillcert.examrecords"
    label = "examrecords"
    verbose_name = "考試當天紀錄 Exam-day records"
