"""Issue 17: a decision's and a task's title may be given in any of the three languages (at
least one, the services ask); a progress report's text is kept in the language it is written
in, as its script tells (Cyrillic: Russian, Chinese characters: Chinese, else English)."""

import re

from django.db import migrations, models

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _lang(text: str) -> str:
    if _CJK.search(text):
        return "zh"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def file_by_script(apps, schema_editor):  # type: ignore[no-untyped-def]
    report = apps.get_model("decisions", "ProgressReport")
    for row in report.objects.exclude(text_en="").only("pk", "text_en"):
        lang = _lang(row.text_en)
        if lang != "en":
            report.objects.filter(pk=row.pk).update(text_en="", **{f"text_{lang}": row.text_en})


def back_to_one(apps, schema_editor):  # type: ignore[no-untyped-def]
    report = apps.get_model("decisions", "ProgressReport")
    for row in report.objects.all():
        report.objects.filter(pk=row.pk).update(text_en=row.text_en or row.text_ru or row.text_zh)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="title_en",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name="task", name="title_en", field=models.CharField(blank=True, max_length=500)
        ),
        migrations.RenameField(model_name="progressreport", old_name="text", new_name="text_en"),
        migrations.AlterField(
            model_name="progressreport",
            name="text_en",
            field=models.TextField(blank=True, verbose_name="report in English"),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="text_ru",
            field=models.TextField(blank=True, verbose_name="report in Russian"),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="text_zh",
            field=models.TextField(blank=True, verbose_name="report in Chinese"),
        ),
        migrations.RunPython(file_by_script, back_to_one),
    ]
