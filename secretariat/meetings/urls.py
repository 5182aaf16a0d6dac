"""Pages of the meetings app (mounted at /meetings/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.meetings import (
    agenda_views,
    views,
    views_initiative,
    views_replies,
    views_translations,
)

app_name = "meetings"
urlpatterns: list[URLPattern] = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("new/extraordinary/", views.meeting_initiate, name="initiate"),
    path("plan/", views.meeting_plan, name="plan"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/transition/", views.meeting_transition, name="transition"),
    path("<int:meeting_id>/event/", views.meeting_event, name="event"),
    path("<int:meeting_id>/reschedule/", views.meeting_reschedule, name="reschedule"),
    path("<int:meeting_id>/consent/", views.meeting_consent, name="consent"),
    path("<int:meeting_id>/propose/", views.meeting_propose, name="propose"),
    path(
        "<int:meeting_id>/proposal-received/",
        views.meeting_proposal_received,
        name="proposal_received",
    ),
    path("<int:meeting_id>/agenda/prepare/", views.meeting_agenda_prepare, name="prepare"),
    path("<int:meeting_id>/agenda/circulate/", views.meeting_agenda_circulate, name="circulate"),
    path("<int:meeting_id>/agenda/item/", views.meeting_chair_item, name="chair_item"),
    path("<int:meeting_id>/agenda/items/new/", agenda_views.meeting_item_add, name="item_add"),
    path(
        "<int:meeting_id>/agenda/items/<int:number>/",
        agenda_views.meeting_item_edit,
        name="item_edit",
    ),
    path("<int:meeting_id>/agenda/items/move/", agenda_views.meeting_item_move, name="item_move"),
    path(
        "<int:meeting_id>/agenda/items/delete/",
        agenda_views.meeting_item_delete,
        name="item_delete",
    ),
    path("<int:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/position/", views.meeting_position, name="position"),
    path("<int:meeting_id>/own-position/", views.meeting_own_position, name="own_position"),
    path("<int:meeting_id>/decide/", views.meeting_decide, name="decide"),
    path("<int:meeting_id>/sign/", views.meeting_sign, name="sign"),
    path("<int:meeting_id>/distribute/", views.meeting_distribute, name="distribute"),
    path("<int:meeting_id>/invite/", views.meeting_invite, name="invite"),
    path(
        "<int:meeting_id>/invitations/<int:invitation_id>/agree/",
        views.meeting_agree_invitation,
        name="agree_invitation",
    ),
    path("<int:meeting_id>/minutes.pdf", views.meeting_minutes_pdf, name="minutes_pdf"),
    path(
        "<int:meeting_id>/minutes-to-sign.pdf",
        agenda_views.meeting_minutes_to_sign_pdf,
        name="minutes_to_sign_pdf",
    ),
    path("<int:meeting_id>/reply/", views_replies.meeting_reply, name="reply"),
    path(
        "<int:meeting_id>/translations/",
        views_translations.meeting_translations,
        name="translations",
    ),
    path("<int:meeting_id>/initiative/join/", views_initiative.initiative_join, name="join"),
    path(
        "<int:meeting_id>/initiative/withdraw/",
        views_initiative.initiative_withdraw,
        name="withdraw",
    ),
]
