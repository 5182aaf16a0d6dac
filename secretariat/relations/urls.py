"""Pages of the relations app (mounted at /relations/ under i18n_patterns)."""

from django.urls import URLPattern, path

from secretariat.relations import views

app_name = "relations"
urlpatterns: list[URLPattern] = [
    path("", views.relations_home, name="home"),
    path("partners/org/<int:organisation_id>/", views.relations_organisation, name="organisation"),
    path(
        "partners/org/<int:organisation_id>/contact/",
        views.relations_organisation_contact,
        name="organisation_contact",
    ),
    path(
        "partners/org/<int:organisation_id>/meeting/",
        views.relations_organisation_meeting,
        name="organisation_meeting",
    ),
    path("partners/state/<int:state_id>/", views.relations_state, name="state"),
    path(
        "partners/state/<int:state_id>/contact/",
        views.relations_state_contact,
        name="state_contact",
    ),
    path(
        "partners/state/<int:state_id>/meeting/",
        views.relations_state_meeting,
        name="state_meeting",
    ),
    path("agreements/", views.relations_agreements, name="agreements"),
    path("agreements/new/", views.relations_agreement_register, name="agreement_register"),
    path("agreements/<int:agreement_id>/", views.relations_agreement, name="agreement"),
    path(
        "agreements/<int:agreement_id>/consent/",
        views.relations_agreement_consent,
        name="agreement_consent",
    ),
    path(
        "agreements/<int:agreement_id>/consent/by-note/",
        views.relations_agreement_consent_by_note,
        name="agreement_consent_by_note",
    ),
    path(
        "agreements/<int:agreement_id>/sign/", views.relations_agreement_sign, name="agreement_sign"
    ),
    path(
        "agreements/<int:agreement_id>/in-force/",
        views.relations_agreement_in_force,
        name="agreement_in_force",
    ),
    path("participation/", views.relations_participations, name="participations"),
    path("participation/new/", views.relations_participation_record, name="participation_record"),
    path("ngo/", views.relations_ngo, name="ngo"),
    path("ngo/new/", views.relations_ngo_record, name="ngo_record"),
    path("events/", views.relations_events, name="events"),
    path("events/new/", views.relations_event_create, name="event_create"),
    path("events/<int:event_id>/", views.relations_event, name="event"),
    path("events/<int:event_id>/change/", views.relations_event_change, name="event_change"),
    path("missions/", views.relations_missions, name="missions"),
    path("missions/new/", views.relations_mission_create, name="mission_create"),
    path("missions/<int:mission_id>/", views.relations_mission, name="mission"),
    path(
        "missions/<int:mission_id>/member/", views.relations_mission_member, name="mission_member"
    ),
    path(
        "missions/<int:mission_id>/report/", views.relations_mission_report, name="mission_report"
    ),
    path(
        "missions/<int:mission_id>/report/file/",
        views.relations_mission_report_file,
        name="mission_report_file",
    ),
    path("protocol/", views.relations_protocol, name="protocol"),
    path("protocol/add/", views.relations_engagement_create, name="engagement_create"),
    path("protocol/schedule.ics", views.relations_protocol_ics, name="protocol_ics"),
    path("protocol/feed/", views.relations_protocol_feed_rotate, name="protocol_feed_rotate"),
    path(
        "protocol/feed/revoke/", views.relations_protocol_feed_revoke, name="protocol_feed_revoke"
    ),
    path("protocol/feed/<str:token>.ics", views.relations_protocol_feed, name="protocol_feed"),
    path("protocol/<int:engagement_id>/", views.relations_engagement, name="engagement"),
    path(
        "protocol/<int:engagement_id>/change/",
        views.relations_engagement_change,
        name="engagement_change",
    ),
    path(
        "protocol/<int:engagement_id>/cancel/",
        views.relations_engagement_cancel,
        name="engagement_cancel",
    ),
]
