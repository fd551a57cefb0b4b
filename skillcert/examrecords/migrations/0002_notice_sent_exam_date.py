from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def announced_date(apps, schema_editor):
    """Notices sent before this field announced their sitting's exam date of the time, which is
    the current one (no sitting was postponed through the service before)."""
    ExamNoticeSent = apps.get_model("examrecords", "ExamNoticeSent")
    Registration = apps.get_model("registrations", "Registration")
    exam_date = Registration.objects.filter(pk=OuterRef("registration_id")).values("session__exam_date")[:1]
    ExamNoticeSent.objects.update(exam_date=Subquery(exam_date))


class Migration(migrations.Migration):
    dependencies = [
        ("examrecords", "0001_notices_and_roll_call"),
        ("registrations", "0003_special_needs_other_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="examnoticesent",
            name="exam_date",
            field=models.DateField(null=True, verbose_name="通知的考試日期"),
        ),
        migrations.RunPython(announced_date, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="examnoticesent",
            name="exam_date",
            field=models.DateField(verbose_name="通知的考試日期"),
        ),
    ]
