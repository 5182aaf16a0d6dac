from django.apps import AppConfig


class DepositaryConfig(AppConfig):
    name = "secretariat.depositary"
    label = "depositary"
    verbose_name = "Depositary"
