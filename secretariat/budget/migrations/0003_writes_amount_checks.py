"""Amounts of 15 digits at most (what SQLite's double keeps), each held in range by a CHECK
constraint; shares are percentages, years those the services keep (issue 16).

Before the constraints are added, rows that break them are looked for with plain SQL (the ORM
cannot read such a row on SQLite) and named, so that the operator corrects them first instead
of meeting a bare "CHECK constraint failed".
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import migrations, models

MAX = "9999999999999.99"
#: Table, column, the lowest value allowed and whether that value itself is refused.
AMOUNTS = [
    ("budget_article", "amount", False),
    ("budget_articleamendment", "amount_before", False),
    ("budget_articleamendment", "amount_after", False),
    ("budget_contribution", "due", False),
    ("budget_payment", "amount", True),
    ("budget_expertcontract", "fee", True),
    ("budget_spending", "amount", True),
]


def refuse_rows_out_of_range(apps: Any, schema_editor: Any) -> None:
    found = []
    with schema_editor.connection.cursor() as cursor:
        for table, column, positive in AMOUNTS:
            low = "<=" if positive else "<"
            cursor.execute(
                f"SELECT id FROM {table} WHERE {column} {low} 0 OR {column} > {MAX}"  # noqa: S608
            )
            found += [f"{table}.{column} id={row[0]}" for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM budget_budget WHERE year < 2000 OR year > 2100")
        found += [f"budget_budget.year id={row[0]}" for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM budget_contribution WHERE share < 0 OR share > 100")
        found += [f"budget_contribution.share id={row[0]}" for row in cursor.fetchall()]
    if found:
        raise RuntimeError(
            "Rows out of range must be corrected before the budget's constraints are added "
            "(see docs/budget.md): " + ", ".join(found)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0002_article_amendment"),
        ("registry", "0003_calendar_override_official_engine"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_rows_out_of_range, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="amount",
            field=models.DecimalField(
                decimal_places=2, max_digits=15, verbose_name="Amount planned"
            ),
        ),
        migrations.AlterField(
            model_name="articleamendment",
            name="amount_after",
            field=models.DecimalField(
                decimal_places=2, max_digits=15, verbose_name="Amount as amended"
            ),
        ),
        migrations.AlterField(
            model_name="articleamendment",
            name="amount_before",
            field=models.DecimalField(decimal_places=2, max_digits=15),
        ),
        migrations.AlterField(
            model_name="budget",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="Year"),
        ),
        migrations.AlterField(
            model_name="contribution",
            name="due",
            field=models.DecimalField(decimal_places=2, max_digits=15, verbose_name="Due"),
        ),
        migrations.AlterField(
            model_name="expertcontract",
            name="fee",
            field=models.DecimalField(decimal_places=2, max_digits=15, verbose_name="Fee"),
        ),
        migrations.AlterField(
            model_name="payment",
            name="amount",
            field=models.DecimalField(
                decimal_places=2, max_digits=15, verbose_name="Amount received"
            ),
        ),
        migrations.AlterField(
            model_name="spending",
            name="amount",
            field=models.DecimalField(decimal_places=2, max_digits=15, verbose_name="Amount spent"),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount__gte", 0), ("amount__lte", Decimal("9999999999999.99"))
                ),
                name="budget_article_amount_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleamendment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount_before__gte", 0), ("amount_before__lte", Decimal("9999999999999.99"))
                ),
                name="budget_amendment_before_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleamendment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount_after__gte", 0), ("amount_after__lte", Decimal("9999999999999.99"))
                ),
                name="budget_amendment_after_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="budget",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                name="budget_year_kept",
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(("share__gte", 0), ("share__lte", 100)),
                name="budget_contribution_share_percent",
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(("due__gte", 0), ("due__lte", Decimal("9999999999999.99"))),
                name="budget_contribution_due_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="expertcontract",
            constraint=models.CheckConstraint(
                condition=models.Q(("fee__gt", 0), ("fee__lte", Decimal("9999999999999.99"))),
                name="budget_contract_fee_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0), ("amount__lte", Decimal("9999999999999.99"))),
                name="budget_payment_amount_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="spending",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0), ("amount__lte", Decimal("9999999999999.99"))),
                name="budget_spending_amount_in_range",
            ),
        ),
    ]
