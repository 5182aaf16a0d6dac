"""Pages of the plans app (mounted at /plans/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.plans import views

app_name = "plans"
urlpatterns: list[URLPattern] = [
    path("", views.plan_list, name="list"),
    path("progress/", views.plan_progress, name="progress"),
    path("new/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/item/", views.plan_item_add, name="item"),
    path("<int:plan_id>/rats/", views.plan_rats, name="rats"),
    path("<int:plan_id>/submit/", views.plan_submit, name="submit"),
    path("<int:plan_id>/approve/", views.plan_approve, name="approve"),
    path("<int:plan_id>/return/", views.plan_return, name="return"),
    path("<int:plan_id>/done/", views.plan_item_done, name="done"),
    path("<int:plan_id>/carry/", views.plan_item_carry, name="carry"),
]
