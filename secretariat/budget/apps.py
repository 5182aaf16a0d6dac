from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "secretariat.budget"
    label = "budget"
    verbose_name = "Budget"
