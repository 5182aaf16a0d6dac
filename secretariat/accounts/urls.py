"""Pages of the accounts app (mounted at /accounts/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout, name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/language/", views.language_set, name="language"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
]
