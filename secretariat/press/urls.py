"""Pages of the public side (mounted at /press/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.press import views

app_name = "press"
urlpatterns: list[URLPattern] = [
    path("", views.news_list, name="news"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("briefings/", views.briefing_list, name="briefings"),
    path("briefings/<slug:slug>/", views.briefing_detail, name="briefing_detail"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:entry_id>/file/", views.catalogue_file, name="catalogue_file"),
    path("feed/<str:lang>/", views.feed, name="feed"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manage_item_create, name="item_create"),
    path("manage/<int:item_id>/", views.manage_item_edit, name="item_edit"),
    path("manage/<int:item_id>/publish/", views.manage_item_publish, name="item_publish"),
    path("manage/<int:item_id>/withdraw/", views.manage_item_withdraw, name="item_withdraw"),
    path("manage/catalogue/new/", views.manage_entry_create, name="entry_create"),
    path(
        "manage/catalogue/<int:entry_id>/publish/",
        views.manage_entry_publish,
        name="entry_publish",
    ),
    path(
        "manage/catalogue/<int:entry_id>/withdraw/",
        views.manage_entry_withdraw,
        name="entry_withdraw",
    ),
]
