from django.urls import path

from cases import checkin_views, views

app_name = "cases"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("team/", views.team_worklist, name="team_worklist"),
    path("team/reassign/", views.reassign, name="reassign"),
    path("referrals/", views.referral_queue, name="referral_queue"),
    path("<uuid:code>/", views.case_detail, name="case_detail"),
    path("<uuid:code>/decision/", views.decide_referral, name="decide_referral"),
    path("<uuid:code>/contacts/new/", views.add_contact, name="add_contact"),
    path("<uuid:code>/fit-notes/new/", views.add_fit_note, name="add_fit_note"),
    path("<uuid:code>/status/<str:change>/", views.change_status, name="change_status"),
    path("<uuid:code>/close/", views.close_case, name="close_case"),
    path("<uuid:code>/sharing/", views.record_consent, name="record_consent"),
    path("refer/", views.refer, name="refer"),
    path("refer/patient/<uuid:code>/", views.refer_known, name="refer_known"),
    path("my-referrals/", views.my_referrals, name="my_referrals"),
    path("my-referrals/<uuid:code>/", views.referral_detail, name="referral_detail"),
    path("employees/", views.employer_home, name="employer_home"),
    path("employees/<uuid:code>/", views.employer_case, name="employer_case"),
    path("my-support/", views.worker_home, name="worker_home"),
    path("my-support/<uuid:code>/sharing/", views.worker_sharing, name="worker_sharing"),
    path("my-support/<uuid:code>/access/", views.worker_access_log, name="worker_access_log"),
    path("<uuid:code>/check-ins/new/", checkin_views.add_check_in, name="add_check_in"),
    path("<uuid:code>/at-risk/clear/", checkin_views.clear_at_risk, name="clear_at_risk"),
    path("check-ins/<uuid:code>/record/", checkin_views.record_check_in, name="record_check_in"),
    path(
        "my-support/check-ins/<uuid:code>/", checkin_views.worker_check_in, name="worker_check_in"
    ),
    path(
        "my-support/<uuid:code>/<str:change>/",
        views.worker_change_participation,
        name="worker_change",
    ),
]
