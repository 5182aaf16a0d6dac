"""Issue 17: where an original is kept, in the three languages; the single-language value is
carried into the language it is written in, as its script tells (Cyrillic: Russian, Chinese
characters: Chinese, else English). The register's lines keep what they hashed."""

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
    original = apps.get_model("depositary", "Original")
    for row in original.objects.exclude(storage_location_en="").only("pk", "storage_location_en"):
        lang = _lang(row.storage_location_en)
        if lang != "en":
            original.objects.filter(pk=row.pk).update(
                storage_location_en="", **{f"storage_location_{lang}": row.storage_location_en}
            )


def back_to_one(apps, schema_editor):  # type: ignore[no-untyped-def]
    original = apps.get_model("depositary", "Original")
    for row in original.objects.all():
        original.objects.filter(pk=row.pk).update(
            storage_location_en=row.storage_location_en
            or row.storage_location_ru
            or row.storage_location_zh
        )


class Migration(migrations.Migration):
    dependencies = [("depositary", "0001_initial")]

    operations = [
        migrations.RenameField(
            model_name="original", old_name="storage_location", new_name="storage_location_en"
        ),
        migrations.AlterField(
            model_name="original",
            name="storage_location_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="kept at, in English"),
        ),
        migrations.AddField(
            model_name="original",
            name="storage_location_ru",
            field=models.CharField(blank=True, max_length=300, verbose_name="kept at, in Russian"),
        ),
        migrations.AddField(
            model_name="original",
            name="storage_location_zh",
            field=models.CharField(blank=True, max_length=300, verbose_name="kept at, in Chinese"),
        ),
        migrations.RunPython(file_by_script, back_to_one),
    ]
