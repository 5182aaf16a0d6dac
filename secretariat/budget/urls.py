"""Pages of the budget app (mounted at /budget/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.budget import views

app_name = "budget"
urlpatterns: list[URLPattern] = [
    path("", views.budget_list, name="list"),
    path("new/", views.budget_create, name="create"),
    path("<int:budget_id>/", views.budget_detail, name="detail"),
    path("<int:budget_id>/article/", views.budget_article_add, name="article"),
    path(
        "<int:budget_id>/article/<path:code>/amend/",
        views.budget_article_amend,
        name="article_amend",
    ),
    path("<int:budget_id>/spending/", views.budget_spending, name="spending"),
    path("<int:budget_id>/contributions/", views.budget_contributions, name="contributions"),
    path("<int:budget_id>/contributions/assess/", views.budget_assess, name="assess"),
    path("<int:budget_id>/contributions/payment/", views.budget_payment, name="payment"),
    path("<int:budget_id>/execution.csv", views.export_execution_csv, name="execution_csv"),
    path("<int:budget_id>/execution.xlsx", views.export_execution_xlsx, name="execution_xlsx"),
    path(
        "<int:budget_id>/contributions.csv",
        views.export_contributions_csv,
        name="contributions_csv",
    ),
    path(
        "<int:budget_id>/contributions.xlsx",
        views.export_contributions_xlsx,
        name="contributions_xlsx",
    ),
    path("experts/", views.contract_list, name="contracts"),
    path("experts/new/", views.contract_create, name="contract_create"),
    path("experts/<int:contract_id>/", views.contract_detail, name="contract"),
    path("experts/<int:contract_id>/consent/", views.contract_consent, name="consent"),
    path("experts/<int:contract_id>/conclude/", views.contract_conclude, name="conclude"),
    path("experts/<int:contract_id>/withdraw/", views.contract_withdraw, name="withdraw"),
]
