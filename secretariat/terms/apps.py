from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "secretariat.terms"
    label = "terms"
    verbose_name = "Term base"
